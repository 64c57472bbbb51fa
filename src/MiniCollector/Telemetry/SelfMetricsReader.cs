using System.Diagnostics.Metrics;
using MiniCollector.Exposition;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Telemetry;

/// <summary>
/// Reads one collector's self-metric instruments with a <see cref="MeterListener"/>, as any listener would, into
/// exposition families: the instrument's name, description as help, observable counters as counters and the rest
/// as gauges, without units or suffixes (the reference's <c>without_units</c>, <c>without_type_suffix</c>).
/// </summary>
internal sealed class SelfMetricsReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();

    // The families of the scrape under way; only set while Collect holds the lock.
    private Dictionary<string, (Instrument Instrument, List<MetricPoint> Points)>? _reading;

    public SelfMetricsReader(CollectorMeter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meter.Owns(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Current values of every self-metric: families sorted by name, series sorted by labels.</summary>
    public List<MetricFamily> Collect()
    {
        lock (_lock)
        {
            _reading = new(StringComparer.Ordinal);
            try
            {
                _listener.RecordObservableInstruments();
                var families = new List<MetricFamily>(_reading.Count);
                foreach (var (name, (instrument, points)) in _reading.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    var type = instrument is ObservableCounter<long> or ObservableCounter<double> ? MetricType.Counter : MetricType.Gauge;
                    points.Sort(static (a, b) => string.CompareOrdinal(SeriesKey(a), SeriesKey(b)));
                    families.Add(new MetricFamily(name, type, instrument.Description ?? string.Empty, string.Empty, points));
                }

                return families;
            }
            finally
            {
                _reading = null;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private static string SeriesKey(MetricPoint point) => string.Join('\u0001', point.Labels.Select(l => l.Key + "=" + l.Value));

    // Every self-metric is observable, so measurements arrive only inside RecordObservableInstruments, on Collect's thread.
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_reading is not { } reading)
        {
            return;
        }

        if (!reading.TryGetValue(instrument.Name, out var family))
        {
            family = (instrument, []);
            reading[instrument.Name] = family;
        }

        var labels = new KeyValuePair<string, string>[tags.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, tags[i].Value?.ToString() ?? string.Empty);
        }

        family.Points.Add(new MetricPoint(labels, value));
    }
}
