using MiniCollector.Exposition;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Telemetry;

/// <summary>
/// One collector's self-metrics (<see cref="CollectorMeter.Read"/>) as exposition families: the instrument's name,
/// description as help, observable counters as counters and the rest as gauges, without units or suffixes (the
/// reference's <c>without_units</c>, <c>without_type_suffix</c>).
/// </summary>
internal static class SelfMetricsReader
{
    /// <summary>Current values of every self-metric: families sorted by name, series sorted by labels.</summary>
    public static List<MetricFamily> Collect(CollectorMeter meter)
    {
        var families = new List<MetricFamily>();
        foreach (var series in meter.Read().GroupBy(r => r.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = series.First();
            var points = series.Select(r => new MetricPoint(r.Labels, r.Value)).ToList();
            points.Sort(static (a, b) => string.CompareOrdinal(SeriesKey(a), SeriesKey(b)));
            families.Add(new MetricFamily(series.Key, first.Counter ? MetricType.Counter : MetricType.Gauge, first.Description, string.Empty, points));
        }

        return families;
    }

    private static string SeriesKey(MetricPoint point) => string.Join('\u0001', point.Labels.Select(l => l.Key + "=" + l.Value));
}
