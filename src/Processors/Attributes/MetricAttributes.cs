using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Attributes;

/// <summary>
/// The attributes processor on metrics: metrics are selected by name (and resource), and the actions run on the
/// attributes of every data point of a selected metric, whatever its type.
/// </summary>
internal static class MetricAttributes
{
    /// <summary>Applies the options to every data point; true when anything changed.</summary>
    public static bool Apply(ExportMetricsServiceRequest request, AttributesOptions options, ClientMetadata metadata)
    {
        bool changed = false;
        bool all = options.Match.SelectsAll;
        foreach (var resource in request.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    if (all || options.Match.SelectsMetric(resource.Resource, metric))
                    {
                        changed |= ApplyToPoints(metric, options, metadata);
                    }
                }
            }
        }

        return changed;
    }

    private static bool ApplyToPoints(Metric metric, AttributesOptions options, ClientMetadata metadata)
    {
        bool changed = false;
        foreach (var attributes in MetricsKind.PointAttributes(metric))
        {
            changed |= options.Actions.Apply(attributes, metadata);
        }

        return changed;
    }
}
