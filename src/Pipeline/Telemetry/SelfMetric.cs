using System.Diagnostics.Metrics;
using System.Numerics;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// One observable instrument of a collector's meter and the series it reports. Components keep their own counters
/// (an <see cref="Interlocked"/> add on the hot path) and register readers of them; the readers run only when a
/// listener collects. Readers registered with equal labels add up to one series, so the batch processors of two
/// pipelines with the same id report as one, as the reference does.
/// </summary>
internal sealed class SelfMetric<T>
    where T : struct, INumber<T>
{
    private readonly Lock _lock = new();
    private readonly List<Series> _series = [];
    private readonly List<Split> _splits = [];

    public SelfMetric(Meter meter, bool monotonic, string name, string unit, string description)
    {
        Monotonic = monotonic;
        if (monotonic)
        {
            meter.CreateObservableCounter(name, Observe, unit, description);
        }
        else
        {
            meter.CreateObservableGauge(name, Observe, unit, description);
        }
    }

    /// <summary>A counter (monotonic total) rather than a gauge (current value).</summary>
    public bool Monotonic { get; }

    /// <summary>Adds a reader to the series of <paramref name="labels"/> (sorted by name), creating the series if new.</summary>
    public void Add(KeyValuePair<string, object?>[] labels, Func<T> read)
    {
        lock (_lock)
        {
            foreach (var series in _series)
            {
                if (SameLabels(series.Labels, labels))
                {
                    series.Readers.Add(read);
                    return;
                }
            }

            _series.Add(new Series(labels, [read]));
        }
    }

    /// <summary>
    /// Adds a reader of several series: <paramref name="labels"/> plus <paramref name="label"/> set to each value it
    /// returns. Series it returns with equal labels to another split's add up, as <see cref="Add"/>'s do.
    /// </summary>
    public void AddSplit(KeyValuePair<string, object?>[] labels, string label, Func<IReadOnlyList<KeyValuePair<string, T>>> read)
    {
        lock (_lock)
        {
            _splits.Add(new Split(labels, label, read));
        }
    }

    private List<Measurement<T>> Observe()
    {
        lock (_lock)
        {
            var measurements = new List<Measurement<T>>(_series.Count);
            foreach (var series in _series)
            {
                var sum = T.Zero;
                foreach (var read in series.Readers)
                {
                    sum += read();
                }

                measurements.Add(new Measurement<T>(sum, series.Labels));
            }

            if (_splits.Count > 0)
            {
                ObserveSplits(measurements);
            }

            return measurements;
        }
    }

    private void ObserveSplits(List<Measurement<T>> measurements)
    {
        var sums = new List<(KeyValuePair<string, object?>[] Labels, T Value)>();
        foreach (var split in _splits)
        {
            foreach (var (value, count) in split.Read())
            {
                var labels = new KeyValuePair<string, object?>[split.Labels.Length + 1];
                split.Labels.CopyTo(labels, 0);
                labels[^1] = new(split.Label, value);
                Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                int same = sums.FindIndex(s => SameLabels(s.Labels, labels));
                if (same >= 0)
                {
                    sums[same] = (sums[same].Labels, sums[same].Value + count);
                }
                else
                {
                    sums.Add((labels, count));
                }
            }
        }

        foreach (var (labels, value) in sums)
        {
            measurements.Add(new Measurement<T>(value, labels));
        }
    }

    private static bool SameLabels(KeyValuePair<string, object?>[] a, KeyValuePair<string, object?>[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].Key != b[i].Key || !Equals(a[i].Value, b[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Series(KeyValuePair<string, object?>[] Labels, List<Func<T>> Readers);

    private sealed record Split(KeyValuePair<string, object?>[] Labels, string Label, Func<IReadOnlyList<KeyValuePair<string, T>>> Read);
}
