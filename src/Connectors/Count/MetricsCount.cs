using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Ottl;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Connectors.Count;

/// <summary>Counts the metrics and data points of a metrics request.</summary>
internal sealed class MetricsCount(CountMetric[] metrics, CountMetric[] dataPoints)
{
    private static readonly CountCondition<MetricContext> MetricMatches = static (OttlConditions c, in MetricContext item) => c.Matches(in item);
    private static readonly CountCondition<DataPointContext> PointMatches = static (OttlConditions c, in DataPointContext item) => c.Matches(in item);

    /// <summary>The count request; throws <see cref="OttlRuntimeException"/> when a condition fails on an item.</summary>
    public ExportMetricsServiceRequest Count(ExportMetricsServiceRequest request, ulong now)
    {
        var output = new ExportMetricsServiceRequest();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = resourceMetrics.Resource;
            var resourceAttributes = CountOutput.AttributesOf(resource);
            var metricTally = new CountTally(metrics);
            var pointTally = new CountTally(dataPoints);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = scopeMetrics.Scope;
                var scopeAttributes = CountOutput.AttributesOf(scope);
                foreach (var metric in scopeMetrics.Metrics)
                {
                    // A metric has no attributes of its own, and no timestamp: its counts are stamped with the time counted.
                    metricTally.Count(new MetricContext(resource, scope, metric), null, scopeAttributes, resourceAttributes, MetricMatches);
                    switch (metric.DataCase)
                    {
                        case Metric.DataOneofCase.Gauge:
                            CountPoints(pointTally, resource, scope, metric, metric.Gauge.DataPoints, p => p.Attributes, p => p.TimeUnixNano, scopeAttributes, resourceAttributes);
                            break;
                        case Metric.DataOneofCase.Sum:
                            CountPoints(pointTally, resource, scope, metric, metric.Sum.DataPoints, p => p.Attributes, p => p.TimeUnixNano, scopeAttributes, resourceAttributes);
                            break;
                        case Metric.DataOneofCase.Histogram:
                            CountPoints(pointTally, resource, scope, metric, metric.Histogram.DataPoints, p => p.Attributes, p => p.TimeUnixNano, scopeAttributes, resourceAttributes);
                            break;
                        case Metric.DataOneofCase.ExponentialHistogram:
                            CountPoints(pointTally, resource, scope, metric, metric.ExponentialHistogram.DataPoints, p => p.Attributes, p => p.TimeUnixNano, scopeAttributes, resourceAttributes);
                            break;
                        case Metric.DataOneofCase.Summary:
                            CountPoints(pointTally, resource, scope, metric, metric.Summary.DataPoints, p => p.Attributes, p => p.TimeUnixNano, scopeAttributes, resourceAttributes);
                            break;
                    }
                }
            }

            CountOutput.Append(output, resource, now, metricTally, pointTally);
        }

        return output;
    }

    private static void CountPoints<TPoint>(
        CountTally tally,
        OtlpResource? resource,
        InstrumentationScope? scope,
        Metric metric,
        RepeatedField<TPoint> points,
        Func<TPoint, RepeatedField<KeyValue>> attributes,
        Func<TPoint, ulong> time,
        RepeatedField<KeyValue>? scopeAttributes,
        RepeatedField<KeyValue>? resourceAttributes)
        where TPoint : IMessage
    {
        foreach (var point in points)
        {
            tally.Observe(time(point));
            tally.Count(new DataPointContext(resource, scope, metric, point), attributes(point), scopeAttributes, resourceAttributes, PointMatches);
        }
    }
}
