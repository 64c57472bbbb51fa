using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>One thread-safe item counter per signal, named the reference's way (<c>_spans</c>, <c>_metric_points</c>, <c>_log_records</c>).</summary>
public sealed class SignalCounters
{
    private readonly long[] _values = new long[3];

    /// <summary>The metric-name suffix of a signal's items.</summary>
    public static string Suffix(Signal signal) => SignalKind.For(signal).TelemetrySuffix;

    /// <summary>Sum over the signals.</summary>
    public long Total => Interlocked.Read(ref _values[0]) + Interlocked.Read(ref _values[1]) + Interlocked.Read(ref _values[2]);

    public long this[Signal signal] => Interlocked.Read(ref _values[(int)signal]);

    public void Add(Signal signal, long items) => Interlocked.Add(ref _values[(int)signal], items);

    /// <summary>Reports <c>{prefix}_{suffix}</c> for every signal.</summary>
    public void Collect(TelemetryCollector collector, string prefix, string help, params KeyValuePair<string, string>[] labels)
    {
        foreach (var signal in Enum.GetValues<Signal>())
        {
            collector.Counter($"{prefix}_{Suffix(signal)}", help, this[signal], [.. labels]);
        }
    }
}
