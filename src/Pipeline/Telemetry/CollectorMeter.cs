using System.Diagnostics.Metrics;
using System.Numerics;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// The <see cref="Meter"/> of one running collector, named <see cref="MeterName"/>: every self-metric
/// (<c>otelcol_*</c>, the reference's names) is an observable instrument on it, so <c>dotnet-counters</c>, any
/// <see cref="MeterListener"/> and the :8888 endpoint read the same values. One per collector, disposed when it stops:
/// collectors running side by side in one process (tests) do not see each other's series. A reload registers each
/// component through <see cref="Owned"/> so that <see cref="Release"/> removes a stopped component's series while a
/// kept one's continue.
/// </summary>
public sealed class CollectorMeter : IDisposable
{
    /// <summary>The meter's name, what <c>dotnet-counters monitor --counters</c> selects.</summary>
    public const string MeterName = "MiniCollector";

    private readonly Meter? _meter;
    private readonly Lock _lock;
    private readonly Dictionary<string, IOwnedMetric> _metrics;

    // Whose registrations these are (null: the collector's own, never released); only the root disposes the meter.
    private readonly object? _owner;
    private readonly bool _root;

    /// <summary>A new meter for a collector about to be built.</summary>
    public CollectorMeter()
        : this(new Meter(MeterName), new Lock(), new Dictionary<string, IOwnedMetric>(StringComparer.Ordinal), owner: null, root: true)
    {
    }

    private CollectorMeter(Meter? meter, Lock gate, Dictionary<string, IOwnedMetric> metrics, object? owner, bool root)
    {
        _meter = meter;
        _lock = gate;
        _metrics = metrics;
        _owner = owner;
        _root = root;
    }

    /// <summary>
    /// Where components built outside a running collector (unit tests, benchmarks) register: nowhere. Keeping no
    /// meter, it holds no reference to them, so they are collected as usual.
    /// </summary>
    public static CollectorMeter None { get; } = new(null, new Lock(), new Dictionary<string, IOwnedMetric>(StringComparer.Ordinal), owner: null, root: false);

    /// <summary>
    /// The same meter, with every registration made through it tagged as <paramref name="owner"/>'s, so that
    /// <see cref="Release"/> can remove them when that component stops for good (a reload removed or replaced it).
    /// </summary>
    public CollectorMeter Owned(object owner) => _meter is null ? this : new(_meter, _lock, _metrics, owner, root: false);

    /// <summary>
    /// Removes every series reader <paramref name="owner"/> registered. A counter series that other owners still feed
    /// (the same component id rebuilt by a reload) keeps the released reader's last value, so it never goes down; a
    /// series nobody feeds any more disappears.
    /// </summary>
    public void Release(object owner)
    {
        lock (_lock)
        {
            foreach (var metric in _metrics.Values)
            {
                metric.Release(owner);
            }
        }
    }

    /// <summary>True when <paramref name="instrument"/> is one of this collector's (a listener's filter).</summary>
    public bool Owns(Instrument instrument) => _meter is not null && ReferenceEquals(instrument.Meter, _meter);

    /// <summary>Reports <paramref name="read"/> as a series of counter <paramref name="name"/> (a monotonic total).</summary>
    public void Counter(string name, string unit, string description, Func<long> read, params ReadOnlySpan<KeyValuePair<string, string>> labels)
        => Register(monotonic: true, name, unit, description, read, labels);

    /// <inheritdoc cref="Counter(string, string, string, Func{long}, ReadOnlySpan{KeyValuePair{string, string}})"/>
    public void Counter(string name, string unit, string description, Func<double> read, params ReadOnlySpan<KeyValuePair<string, string>> labels)
        => Register(monotonic: true, name, unit, description, read, labels);

    /// <summary>
    /// Reports counter <paramref name="name"/> split by one more label, <paramref name="label"/>: each value/count
    /// pair <paramref name="read"/> returns is a series. Only what it returns is reported, so a breakdown shows the
    /// values that occurred and not a zero series for every possible one.
    /// </summary>
    public void CounterBy(string name, string unit, string description, string label, Func<IReadOnlyList<KeyValuePair<string, long>>> read, params ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        var metric = Metric<long>(monotonic: true, name, unit, description);
        metric?.AddSplit(Tags(labels), label, read, _owner);
    }

    /// <summary>Reports <paramref name="read"/> as a series of gauge <paramref name="name"/> (a current value).</summary>
    public void Gauge(string name, string unit, string description, Func<long> read, params ReadOnlySpan<KeyValuePair<string, string>> labels)
        => Register(monotonic: false, name, unit, description, read, labels);

    /// <summary>
    /// The current value of every series of this collector's instruments, read the way any <see cref="MeterListener"/>
    /// reads them (the :8888 endpoint and the zpages pipelines view show these numbers). Empty for <see cref="None"/>.
    /// </summary>
    public List<SelfMetricReading> Read()
    {
        var readings = new List<SelfMetricReading>();
        if (_meter is null)
        {
            return readings;
        }

        // Every self-metric is observable, so measurements arrive only inside RecordObservableInstruments, on this thread.
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (Owns(instrument))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => readings.Add(Reading(instrument, value, tags)));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => readings.Add(Reading(instrument, value, tags)));
        listener.Start();
        listener.RecordObservableInstruments();
        return readings;
    }

    /// <summary>Ends every instrument: listeners are told their measurements completed, and new ones no longer see them.</summary>
    public void Dispose()
    {
        if (_root)
        {
            _meter?.Dispose();
        }
    }

    private static SelfMetricReading Reading(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, tags[i].Value?.ToString() ?? string.Empty);
        }

        bool counter = instrument is ObservableCounter<long> or ObservableCounter<double>;
        return new SelfMetricReading(instrument.Name, instrument.Description ?? string.Empty, counter, labels, value);
    }

    // One instrument per name: its first registration gives the unit and description, later ones add series.
    private void Register<T>(bool monotonic, string name, string unit, string description, Func<T> read, ReadOnlySpan<KeyValuePair<string, string>> labels)
        where T : struct, INumber<T>
    {
        Metric<T>(monotonic, name, unit, description)?.Add(Tags(labels), read, _owner);
    }

    private SelfMetric<T>? Metric<T>(bool monotonic, string name, string unit, string description)
        where T : struct, INumber<T>
    {
        if (_meter is null)
        {
            return null;
        }

        lock (_lock)
        {
            if (!_metrics.TryGetValue(name, out var existing))
            {
                existing = new SelfMetric<T>(_meter, monotonic, name, unit, description);
                _metrics[name] = existing;
            }

            return existing is SelfMetric<T> typed && typed.Monotonic == monotonic
                ? typed
                : throw new InvalidOperationException($"Self-metric {name} is already registered as another kind or value type.");
        }
    }

    private static KeyValuePair<string, object?>[] Tags(ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        var tags = new KeyValuePair<string, object?>[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            tags[i] = new(labels[i].Key, labels[i].Value);
        }

        Array.Sort(tags, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return tags;
    }
}
