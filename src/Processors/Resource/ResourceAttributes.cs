using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Processors.Shared.Actions;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Processors.Resource;

/// <summary>The resource processor's work: the actions run on the attributes of every resource of a request, any signal.</summary>
internal static class ResourceAttributes
{
    /// <summary>Applies the actions to each resource; true when anything changed.</summary>
    public static bool Apply(TelemetryRequest request, AttributeActions actions)
    {
        bool changed = false;
        switch (request.Model)
        {
            case ExportTraceServiceRequest traces:
                foreach (var resource in traces.ResourceSpans)
                {
                    changed |= ApplyTo(resource.Resource, r => resource.Resource = r, actions, request.Metadata);
                }

                break;
            case ExportMetricsServiceRequest metrics:
                foreach (var resource in metrics.ResourceMetrics)
                {
                    changed |= ApplyTo(resource.Resource, r => resource.Resource = r, actions, request.Metadata);
                }

                break;
            case ExportLogsServiceRequest logs:
                foreach (var resource in logs.ResourceLogs)
                {
                    changed |= ApplyTo(resource.Resource, r => resource.Resource = r, actions, request.Metadata);
                }

                break;
        }

        return changed;
    }

    // An absent resource is an empty one (as the reference's data model has it); it is set only if an action added to it.
    private static bool ApplyTo(OtlpResource? resource, Action<OtlpResource> set, AttributeActions actions, ClientMetadata metadata)
    {
        if (resource is not null)
        {
            return actions.Apply(resource.Attributes, metadata);
        }

        var created = new OtlpResource();
        if (!actions.Apply(created.Attributes, metadata))
        {
            return false;
        }

        set(created);
        return true;
    }
}
