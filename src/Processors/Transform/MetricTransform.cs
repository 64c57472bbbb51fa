using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Ottl;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Processors.Transform;

/// <summary>Runs each group of statements over every item of its context in a metrics request, group after group.</summary>
internal static class MetricTransform
{
    public static bool Apply(ExportMetricsServiceRequest request, OttlStatements[] groups)
    {
        bool changed = false;
        foreach (var group in groups)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var resource = Levels.Resource(resourceMetrics.Resource);
                if (group.Context == OttlContextKind.Resource)
                {
                    changed |= group.Execute(new ResourceContext(resource));
                }
                else
                {
                    foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
                    {
                        var scope = Levels.Scope(scopeMetrics.Scope);
                        if (group.Context == OttlContextKind.Scope)
                        {
                            changed |= group.Execute(new ScopeContext(resource, scope));
                        }
                        else
                        {
                            foreach (var metric in scopeMetrics.Metrics)
                            {
                                changed |= group.Context == OttlContextKind.Metric
                                    ? group.Execute(new MetricContext(resource, scope, metric))
                                    : Points(group, resource, scope, metric);
                            }
                        }

                        scopeMetrics.Scope = Levels.Keep(scopeMetrics.Scope, scope);
                    }
                }

                resourceMetrics.Resource = Levels.Keep(resourceMetrics.Resource, resource);
            }
        }

        return changed;
    }

    private static bool Points(OttlStatements group, OtlpResource resource, InstrumentationScope scope, Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => Each(group, resource, scope, metric, metric.Gauge.DataPoints),
        Metric.DataOneofCase.Sum => Each(group, resource, scope, metric, metric.Sum.DataPoints),
        Metric.DataOneofCase.Histogram => Each(group, resource, scope, metric, metric.Histogram.DataPoints),
        Metric.DataOneofCase.ExponentialHistogram => Each(group, resource, scope, metric, metric.ExponentialHistogram.DataPoints),
        Metric.DataOneofCase.Summary => Each(group, resource, scope, metric, metric.Summary.DataPoints),
        _ => false,
    };

    private static bool Each<TPoint>(OttlStatements group, OtlpResource resource, InstrumentationScope scope, Metric metric, RepeatedField<TPoint> points)
        where TPoint : IMessage
    {
        bool changed = false;
        foreach (var point in points)
        {
            changed |= group.Execute(new DataPointContext(resource, scope, metric, point));
        }

        return changed;
    }
}
