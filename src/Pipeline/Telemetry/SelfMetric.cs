using System.Diagnostics.Metrics;
using System.Numerics;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// One observable instrument of a collector's meter and the series it reports. Components keep their own counters
/// (an <see cref="Interlocked"/> add on the hot path) and register readers of them; the readers run only when a
/// listener collects. Readers registered with equal labels add up to one series, so the batch processors of two
/// pipelines with the same id report as one, as the reference does. Each reader has an owner (the component that
/// registered it), so a component stopped by a reload can take its readers away.
/// </summary>
internal sealed class SelfMetric<T> : IOwnedMetric
    where T : struct, INumber<T>
{
    // The owner of a released split's last values, kept while a live split still reports the same series.
    private static readonly object Retired = new();

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
    public void Add(KeyValuePair<string, object?>[] labels, Func<T> read, object? owner = null)
    {
        lock (_lock)
        {
            foreach (var series in _series)
            {
                if (SameLabels(series.Labels, labels))
                {
                    series.Readers.Add((owner, read));
                    return;
                }
            }

            _series.Add(new Series(labels) { Readers = { (owner, read) } });
        }
    }

    /// <summary>
    /// Adds a reader of several series: <paramref name="labels"/> plus <paramref name="label"/> set to each value it
    /// returns. Series it returns with equal labels to another split's add up, as <see cref="Add"/>'s do.
    /// </summary>
    public void AddSplit(KeyValuePair<string, object?>[] labels, string label, Func<IReadOnlyList<KeyValuePair<string, T>>> read, object? owner = null)
    {
        lock (_lock)
        {
            _splits.Add(new Split(labels, label, read, owner));
        }
    }

    /// <inheritdoc />
    public void Release(object owner)
    {
        lock (_lock)
        {
            for (int i = _series.Count - 1; i >= 0; i--)
            {
                var series = _series[i];
                for (int r = series.Readers.Count - 1; r >= 0; r--)
                {
                    if (ReferenceEquals(series.Readers[r].Owner, owner))
                    {
                        // A counter keeps the released reader's last value, so its total never goes down while others feed it.
                        if (Monotonic)
                        {
                            series.Retired += series.Readers[r].Read();
                        }

                        series.Readers.RemoveAt(r);
                    }
                }

                if (series.Readers.Count == 0)
                {
                    _series.RemoveAt(i);
                }
            }

            // A counter split another owner still reports keeps the released one's last values, frozen.
            for (int i = 0; i < _splits.Count; i++)
            {
                var split = _splits[i];
                if (ReferenceEquals(split.Owner, owner))
                {
                    KeyValuePair<string, T>[] last = Monotonic ? [.. split.Read()] : [];
                    _splits[i] = split with { Read = () => last, Owner = Retired };
                }
            }

            _splits.RemoveAll(s => ReferenceEquals(s.Owner, Retired) && !_splits.Exists(live => !ReferenceEquals(live.Owner, Retired) && live.Label == s.Label && SameLabels(live.Labels, s.Labels)));
        }
    }

    private List<Measurement<T>> Observe()
    {
        lock (_lock)
        {
            var measurements = new List<Measurement<T>>(_series.Count);
            foreach (var series in _series)
            {
                var sum = series.Retired;
                foreach (var (_, read) in series.Readers)
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

    private sealed class Series(KeyValuePair<string, object?>[] labels)
    {
        public KeyValuePair<string, object?>[] Labels { get; } = labels;

        public List<(object? Owner, Func<T> Read)> Readers { get; } = [];

        /// <summary>The last values of counter readers released while the series lives on.</summary>
        public T Retired { get; set; } = T.Zero;
    }

    private sealed record Split(KeyValuePair<string, object?>[] Labels, string Label, Func<IReadOnlyList<KeyValuePair<string, T>>> Read, object? Owner);
}
