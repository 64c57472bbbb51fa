using MiniCollector.Exposition;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// Gathers self-metrics from every producer into exposition families: same name → one family, one point per
/// label set (values of equal label sets add up, so two pipelines' batch processors report as one series).
/// </summary>
public sealed class TelemetryCollector
{
    private readonly Dictionary<string, (MetricType Type, string Help, Dictionary<string, (KeyValuePair<string, string>[] Labels, double Value)> Points)> _families = new(StringComparer.Ordinal);

    /// <summary>Adds to a counter (monotonic total).</summary>
    public void Counter(string name, string help, double value, params KeyValuePair<string, string>[] labels) => Add(name, MetricType.Counter, help, value, labels);

    /// <summary>Adds to a gauge (current value).</summary>
    public void Gauge(string name, string help, double value, params KeyValuePair<string, string>[] labels) => Add(name, MetricType.Gauge, help, value, labels);

    /// <summary>The gathered families, sorted by name, series sorted by labels.</summary>
    public List<MetricFamily> Families()
    {
        var result = new List<MetricFamily>(_families.Count);
        foreach (var (name, family) in _families.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var points = family.Points.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new MetricPoint(p.Value.Labels, p.Value.Value)).ToList();
            result.Add(new MetricFamily(name, family.Type, family.Help, string.Empty, points));
        }

        return result;
    }

    private void Add(string name, MetricType type, string help, double value, KeyValuePair<string, string>[] labels)
    {
        if (!_families.TryGetValue(name, out var family))
        {
            family = (type, help, new Dictionary<string, (KeyValuePair<string, string>[], double)>(StringComparer.Ordinal));
            _families[name] = family;
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = string.Join('\u0001', labels.Select(l => l.Key + "=" + l.Value));
        family.Points[key] = family.Points.TryGetValue(key, out var existing) ? (labels, existing.Value + value) : (labels, value);
    }
}

/// <summary>Shorthand for label pairs.</summary>
public static class Label
{
    public static KeyValuePair<string, string> Of(string name, string value) => new(name, value);
}
