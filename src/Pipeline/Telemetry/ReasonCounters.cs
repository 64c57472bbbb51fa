using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// Thread-safe item counters per signal and <see cref="DropReason"/>, for the counts the reference reports as one
/// total (<c>otelcol_receiver_refused_*</c>, <c>otelcol_exporter_send_failed_*</c>). They are registered twice from
/// the same numbers: the reference's total, and <c>minicollector_…</c> (the same name with our prefix) with a
/// <c>reason</c> label, which therefore always sums to the total.
/// </summary>
public sealed class ReasonCounters
{
    private const string ReferencePrefix = "otelcol_";
    private const string ReasonPrefix = "minicollector_";

    private readonly long[] _values = new long[3 * DropReasons.Count];

    /// <summary>Sum over signals and reasons.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _values.Length; i++)
            {
                total += Interlocked.Read(ref _values[i]);
            }

            return total;
        }
    }

    /// <summary>One signal's items, every reason.</summary>
    public long this[Signal signal]
    {
        get
        {
            long total = 0;
            int first = (int)signal * DropReasons.Count;
            for (int i = first; i < first + DropReasons.Count; i++)
            {
                total += Interlocked.Read(ref _values[i]);
            }

            return total;
        }
    }

    /// <summary>One signal's items for one reason.</summary>
    public long this[Signal signal, DropReason reason] => Interlocked.Read(ref _values[Index(signal, reason)]);

    public void Add(Signal signal, DropReason reason, long items)
    {
        if (items != 0)
        {
            Interlocked.Add(ref _values[Index(signal, reason)], items);
        }
    }

    /// <summary>
    /// Reports <paramref name="name"/><c>_{suffix}</c> (an <c>otelcol_</c> name) for every signal, and its breakdown
    /// <c>minicollector_…_{suffix}{reason}</c> with a series for each reason that has counted anything.
    /// </summary>
    public void Register(CollectorMeter meter, string name, string description, params ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        if (!name.StartsWith(ReferencePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} is not a reference self-metric name ({ReferencePrefix}…)", nameof(name));
        }

        var byReason = ReasonPrefix + name[ReferencePrefix.Length..];
        foreach (var kind in SignalKind.All)
        {
            var signal = kind.Signal;
            meter.Counter($"{name}_{kind.TelemetrySuffix}", kind.TelemetryUnit, description, () => this[signal], labels);
            meter.CounterBy($"{byReason}_{kind.TelemetrySuffix}", kind.TelemetryUnit, description + ", by reason", "reason", () => ByReason(signal), labels);
        }
    }

    /// <summary>One signal's items by reason label, the reasons that counted anything only.</summary>
    public List<KeyValuePair<string, long>> ByReason(Signal signal)
    {
        var counted = new List<KeyValuePair<string, long>>();
        for (int r = 0; r < DropReasons.Count; r++)
        {
            long value = Interlocked.Read(ref _values[((int)signal * DropReasons.Count) + r]);
            if (value != 0)
            {
                counted.Add(new(((DropReason)r).Label(), value));
            }
        }

        return counted;
    }

    private static int Index(Signal signal, DropReason reason) => ((int)signal * DropReasons.Count) + (int)reason;
}
