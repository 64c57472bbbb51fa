using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Attributes;

/// <summary>The attributes processor on traces: the actions run on the attributes of each selected span.</summary>
internal static class TraceAttributes
{
    /// <summary>Applies the options to every span; true when anything changed.</summary>
    public static bool Apply(ExportTraceServiceRequest request, AttributesOptions options, ClientMetadata metadata)
    {
        bool changed = false;
        bool all = options.Match.SelectsAll;
        foreach (var resource in request.ResourceSpans)
        {
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    if (all || options.Match.SelectsSpan(resource.Resource, scope.Scope, span))
                    {
                        changed |= options.Actions.Apply(span.Attributes, metadata);
                    }
                }
            }
        }

        return changed;
    }
}
