namespace MiniCollector.Exporters.Sending;

/// <summary>
/// An exporter's item counters as the reference names them (<c>otelcol_exporter_sent_*</c>, <c>send_failed_*</c>,
/// <c>enqueue_failed_*</c>), kept for self-telemetry and tests.
/// </summary>
public sealed class SenderCounters
{
    private long _sent;
    private long _sendFailed;
    private long _enqueueFailed;

    /// <summary>Items delivered (accepted by the downstream).</summary>
    public long SentItems => Interlocked.Read(ref _sent);

    /// <summary>Items given up on after a permanent failure or exhausted retries.</summary>
    public long SendFailedItems => Interlocked.Read(ref _sendFailed);

    /// <summary>Items refused because the queue was full (the sender was told to retry).</summary>
    public long EnqueueFailedItems => Interlocked.Read(ref _enqueueFailed);

    internal void Sent(long items) => Interlocked.Add(ref _sent, items);

    internal void SendFailed(long items) => Interlocked.Add(ref _sendFailed, items);

    internal void EnqueueFailed(long items) => Interlocked.Add(ref _enqueueFailed, items);
}
