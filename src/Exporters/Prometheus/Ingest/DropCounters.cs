using System.Collections.Concurrent;

namespace MiniCollector.Exporters.Prometheus.Ingest;

/// <summary>Counts data points the exporter could not expose, by reason, and remembers an example metric name.</summary>
internal sealed class DropCounters
{
    private readonly ConcurrentDictionary<string, (long Count, string Example)> _byReason = new(StringComparer.Ordinal);

    /// <summary>Every reason seen with its count and the last metric name it applied to.</summary>
    public IReadOnlyDictionary<string, (long Count, string Example)> ByReason => _byReason;

    /// <summary>Total points dropped.</summary>
    public long Total => _byReason.Values.Sum(v => v.Count);

    public void Add(string reason, string metricName, long points)
        => _byReason.AddOrUpdate(reason, (points, metricName), (_, old) => (old.Count + points, metricName));
}
