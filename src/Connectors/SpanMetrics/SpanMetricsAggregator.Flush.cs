using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using OtlpTemporality = MiniCollector.Otlp.Metrics.AggregationTemporality;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>The flush: the metrics of what is held, then the reset the temporality asks for.</summary>
internal sealed partial class SpanMetricsAggregator
{
    // The key the overflow series goes by in the delta start times (no real key is empty: it holds at least a length).
    private const string OverflowKey = "";

    // Delta series' last flush time, the start time of their next point (the reference's metric_timestamp_cache_size).
    private readonly Dictionary<string, long> _deltaStarts = new(StringComparer.Ordinal);

    /// <summary>
    /// The metrics of everything held, stamped <paramref name="nowNanos"/>, and how many data points they hold; then
    /// delta state is cleared, cumulative state loses its exemplars and what expired. Null when nothing is held.
    /// </summary>
    public (ExportMetricsServiceRequest Request, int Points)? Flush(long nowNanos)
    {
        bool delta = _options.Temporality == SpanMetricsTemporality.Delta;
        var temporality = delta ? OtlpTemporality.Delta : OtlpTemporality.Cumulative;
        var request = new ExportMetricsServiceRequest();
        int points = 0;
        foreach (var resource in _resources.Values)
        {
            var scopeMetrics = new ScopeMetrics { Scope = new InstrumentationScope { Name = SpanMetricsNames.ScopeOfMetrics } };
            points += AddCalls(scopeMetrics, resource, resource.Calls, SpanMetricsNames.Calls, 'c', temporality, nowNanos);
            if (_histogram)
            {
                points += AddDurations(scopeMetrics, resource, temporality, nowNanos);
            }

            if (_options.Events.Enabled)
            {
                points += AddCalls(scopeMetrics, resource, resource.Events, SpanMetricsNames.Events, 'e', temporality, nowNanos);
            }

            if (scopeMetrics.Metrics.Count > 0)
            {
                var resourceMetrics = new ResourceMetrics { Resource = new Resource() };
                resourceMetrics.Resource.Attributes.Add(resource.Attributes.Clone());
                resourceMetrics.ScopeMetrics.Add(scopeMetrics);
                request.ResourceMetrics.Add(resourceMetrics);
            }
        }

        if (delta)
        {
            _resources.Clear();
            TrimDeltaStarts();
        }
        else
        {
            Expire(nowNanos);
        }

        return points == 0 ? null : (request, points);
    }

    private int AddCalls(ScopeMetrics scope, ResourceAggregate resource, SeriesTable<CountSeries> table, string name, char mark, OtlpTemporality temporality, long nowNanos)
    {
        if (table.Count == 0)
        {
            return 0;
        }

        var sum = new Sum { IsMonotonic = true, AggregationTemporality = temporality };
        foreach (var (key, series) in table.ByKey)
        {
            sum.DataPoints.Add(series.ToPoint(StartOf(resource, mark, key, series, nowNanos), (ulong)nowNanos));
        }

        if (table.Overflow is { } overflow)
        {
            sum.DataPoints.Add(overflow.ToPoint(StartOf(resource, mark, OverflowKey, overflow, nowNanos), (ulong)nowNanos));
        }

        scope.Metrics.Add(new Metric { Name = _options.MetricName(name), Sum = sum });
        return sum.DataPoints.Count;
    }

    private int AddDurations(ScopeMetrics scope, ResourceAggregate resource, OtlpTemporality temporality, long nowNanos)
    {
        var table = resource.Durations;
        if (table.Count == 0)
        {
            return 0;
        }

        var metric = new Metric
        {
            Name = _options.MetricName(SpanMetricsNames.Duration),
            Unit = _options.Histogram.Unit == DurationUnit.Seconds ? "s" : "ms",
        };
        if (_options.Histogram.ExponentialMaxSize is null)
        {
            metric.Histogram = new Histogram { AggregationTemporality = temporality };
        }
        else
        {
            metric.ExponentialHistogram = new ExponentialHistogram { AggregationTemporality = temporality };
        }

        foreach (var (key, series) in table.ByKey)
        {
            series.AddPoint(metric, StartOf(resource, 'd', key, series, nowNanos), (ulong)nowNanos);
        }

        if (table.Overflow is { } overflow)
        {
            overflow.AddPoint(metric, StartOf(resource, 'd', OverflowKey, overflow, nowNanos), (ulong)nowNanos);
        }

        scope.Metrics.Add(metric);
        return table.Count;
    }

    // Cumulative: when the series began. Delta: the previous flush of the same series, if remembered (the reference's
    // uninterrupted delta series: (T1, T2), (T2, T3), ...), else when the series began.
    private ulong StartOf(ResourceAggregate resource, char mark, string key, Series series, long nowNanos)
    {
        if (_options.Temporality == SpanMetricsTemporality.Cumulative)
        {
            return (ulong)series.StartNanos;
        }

        var id = string.Concat(resource.Key, mark.ToString(), key);
        long start = _deltaStarts.TryGetValue(id, out long previous) ? previous : series.StartNanos;
        _deltaStarts[id] = nowNanos;
        return (ulong)start;
    }

    private void TrimDeltaStarts()
    {
        int excess = _deltaStarts.Count - _options.MetricTimestampCacheSize;
        if (excess <= 0)
        {
            return;
        }

        // The series flushed longest ago go first, as the reference's LRU evicts them.
        foreach (var (id, _) in _deltaStarts.OrderBy(e => e.Value).Take(excess).ToList())
        {
            _deltaStarts.Remove(id);
        }
    }

    private void Expire(long nowNanos)
    {
        long resourceCutoff = _options.MetricsExpiration > TimeSpan.Zero ? nowNanos - (_options.MetricsExpiration.Ticks * 100) : long.MinValue;
        long seriesCutoff = _options.SeriesExpiration > TimeSpan.Zero ? nowNanos - (_options.SeriesExpiration.Ticks * 100) : long.MinValue;
        foreach (var (key, resource) in _resources)
        {
            resource.Calls.ClearExemplars();
            resource.Durations.ClearExemplars();
            resource.Events.ClearExemplars();
            if (resource.LastSeenNanos <= resourceCutoff)
            {
                _resources.Remove(key);
                continue;
            }

            if (seriesCutoff != long.MinValue)
            {
                resource.Calls.RemoveSeenAtOrBefore(seriesCutoff);
                resource.Durations.RemoveSeenAtOrBefore(seriesCutoff);
                resource.Events.RemoveSeenAtOrBefore(seriesCutoff);
                if (resource.SeriesCount == 0)
                {
                    _resources.Remove(key);
                }
            }
        }

        int excess = _resources.Count - _options.ResourceMetricsCacheSize;
        if (excess > 0)
        {
            // resource_metrics_cache_size: the least recently seen resources are forgotten (their series restart).
            foreach (var resource in _resources.Values.OrderBy(r => r.LastSeenNanos).Take(excess).ToList())
            {
                _resources.Remove(resource.Key);
            }
        }
    }
}
