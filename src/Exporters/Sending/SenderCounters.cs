using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// An exporter's item counters as the reference names them (<c>otelcol_exporter_sent_*</c>, <c>send_failed_*</c>,
/// <c>enqueue_failed_*</c>), per signal.
/// </summary>
public sealed class SenderCounters
{
    /// <summary>Items delivered (accepted by the downstream), per signal.</summary>
    public SignalCounters Sent { get; } = new();

    /// <summary>Items given up on (a permanent failure, exhausted retries, a partial success, shutdown), per signal and reason.</summary>
    public ReasonCounters SendFailed { get; } = new();

    /// <summary>Items refused because the queue was full (the sender was told to retry), per signal.</summary>
    public SignalCounters EnqueueFailed { get; } = new();

    /// <summary>Items delivered, all signals.</summary>
    public long SentItems => Sent.Total;

    /// <summary>Items given up on, all signals.</summary>
    public long SendFailedItems => SendFailed.Total;

    /// <summary>Items refused by a full queue, all signals.</summary>
    public long EnqueueFailedItems => EnqueueFailed.Total;
}
