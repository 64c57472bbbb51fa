using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Ottl;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Payload;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Processors.Filter;

/// <summary>
/// Drops metrics any metric condition matches (with all their points) and, of the metrics kept, data points any
/// data point condition matches; a metric left without points is removed, then empty scopes and resources. Dropped
/// items are counted in data points, as the reference counts them.
/// </summary>
internal sealed class MetricFilter(OttlConditions? metrics, OttlConditions? points) : IRequestFilter
{
    public (long Dropped, bool Changed) Apply(TelemetryRequest request)
    {
        var model = (ExportMetricsServiceRequest)request.Model;
        long dropped = 0;
        bool changed = false;
        for (int r = model.ResourceMetrics.Count - 1; r >= 0; r--)
        {
            var resourceMetrics = model.ResourceMetrics[r];
            var resource = resourceMetrics.Resource;
            for (int s = resourceMetrics.ScopeMetrics.Count - 1; s >= 0; s--)
            {
                var scopeMetrics = resourceMetrics.ScopeMetrics[s];
                var scope = scopeMetrics.Scope;
                var list = scopeMetrics.Metrics;
                for (int i = list.Count - 1; i >= 0; i--)
                {
                    var metric = list[i];
                    if (metrics is not null && metrics.Matches(new MetricContext(resource, scope, metric)))
                    {
                        dropped += MetricsKind.DataPoints(metric).Count;
                        list.RemoveAt(i);
                        changed = true;
                        continue;
                    }

                    if (points is null)
                    {
                        continue;
                    }

                    long removed = metric.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge => Remove(metric.Gauge.DataPoints, resource, scope, metric),
                        Metric.DataOneofCase.Sum => Remove(metric.Sum.DataPoints, resource, scope, metric),
                        Metric.DataOneofCase.Histogram => Remove(metric.Histogram.DataPoints, resource, scope, metric),
                        Metric.DataOneofCase.ExponentialHistogram => Remove(metric.ExponentialHistogram.DataPoints, resource, scope, metric),
                        Metric.DataOneofCase.Summary => Remove(metric.Summary.DataPoints, resource, scope, metric),
                        _ => 0,
                    };
                    dropped += removed;
                    changed |= removed > 0;
                    if (MetricsKind.DataPoints(metric).Count == 0)
                    {
                        list.RemoveAt(i);
                        changed = true;
                    }
                }

                if (list.Count == 0)
                {
                    resourceMetrics.ScopeMetrics.RemoveAt(s);
                    changed = true;
                }
            }

            if (resourceMetrics.ScopeMetrics.Count == 0)
            {
                model.ResourceMetrics.RemoveAt(r);
                changed = true;
            }
        }

        return (dropped, changed);
    }

    public bool IsEmpty(TelemetryRequest request) => ((ExportMetricsServiceRequest)request.Model).ResourceMetrics.Count == 0;

    private long Remove<TPoint>(RepeatedField<TPoint> list, OtlpResource? resource, InstrumentationScope? scope, Metric metric)
        where TPoint : IMessage
    {
        long removed = 0;
        for (int i = list.Count - 1; i >= 0; i--)
        {
            if (points!.Matches(new DataPointContext(resource, scope, metric, list[i])))
            {
                list.RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }
}
