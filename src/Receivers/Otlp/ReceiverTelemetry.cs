using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Receivers.Otlp;

/// <summary>
/// One transport's receiver counters as the reference names them: <c>otelcol_receiver_accepted_*</c> (taken by
/// the pipeline), <c>_refused_*</c> (the pipeline said no, or the receiver dropped items with malformed ids; broken
/// down by reason in <c>minicollector_receiver_refused_*</c>) and <c>_failed_*</c> (internal errors), labelled with
/// receiver and transport.
/// </summary>
public sealed class ReceiverTelemetry(string receiver, string transport)
{
    private readonly SignalCounters _accepted = new();
    private readonly ReasonCounters _refused = new();
    private readonly SignalCounters _failed = new();

    /// <summary>
    /// Counts one request's items: <paramref name="passed"/> handed to the pipeline, which answered
    /// <paramref name="result"/>, and <paramref name="droppedBefore"/> dropped by the receiver for malformed ids.
    /// </summary>
    public void Record(Signal signal, ConsumeResult result, long passed, long droppedBefore)
    {
        switch (result.Outcome)
        {
            case ConsumeOutcome.Accepted:
                _accepted.Add(signal, passed);
                break;
            case ConsumeOutcome.Failed:
                _failed.Add(signal, passed);
                break;
            default:
                _refused.Add(signal, result.Reason, passed);
                break;
        }

        _refused.Add(signal, DropReason.InvalidId, droppedBefore);
    }

    /// <summary>Reports the counters on the collector's meter.</summary>
    public void Register(CollectorMeter meter)
    {
        ReadOnlySpan<KeyValuePair<string, string>> labels = [Label.Of("receiver", receiver), Label.Of("transport", transport)];
        _accepted.Register(meter, "otelcol_receiver_accepted", "Items successfully pushed into the pipeline", labels);
        _refused.Register(meter, "otelcol_receiver_refused", "Items that could not be pushed into the pipeline", labels);
        _failed.Register(meter, "otelcol_receiver_failed", "Items that failed inside the collector", labels);
    }
}
