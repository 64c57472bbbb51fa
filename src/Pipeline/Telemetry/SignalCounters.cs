using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>One thread-safe item counter per signal, named the reference's way (<c>_spans</c>, <c>_metric_points</c>, <c>_log_records</c>).</summary>
public sealed class SignalCounters
{
    private readonly long[] _values = new long[3];

    /// <summary>Sum over the signals.</summary>
    public long Total => Interlocked.Read(ref _values[0]) + Interlocked.Read(ref _values[1]) + Interlocked.Read(ref _values[2]);

    public long this[Signal signal] => Interlocked.Read(ref _values[(int)signal]);

    public void Add(Signal signal, long items) => Interlocked.Add(ref _values[(int)signal], items);

    /// <summary>Reports counter <c>{prefix}_{suffix}</c> for every signal on the collector's meter.</summary>
    public void Register(CollectorMeter meter, string prefix, string description, params ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        foreach (var kind in SignalKind.All)
        {
            var signal = kind.Signal;
            meter.Counter($"{prefix}_{kind.TelemetrySuffix}", kind.TelemetryUnit, description, () => this[signal], labels);
        }
    }
}
