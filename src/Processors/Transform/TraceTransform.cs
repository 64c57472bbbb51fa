using MiniCollector.Ottl;
using MiniCollector.Otlp.Collector.Trace;

namespace MiniCollector.Processors.Transform;

/// <summary>Runs each group of statements over every item of its context in a traces request, group after group.</summary>
internal static class TraceTransform
{
    public static bool Apply(ExportTraceServiceRequest request, OttlStatements[] groups)
    {
        bool changed = false;
        foreach (var group in groups)
        {
            foreach (var resourceSpans in request.ResourceSpans)
            {
                var resource = Levels.Resource(resourceSpans.Resource);
                if (group.Context == OttlContextKind.Resource)
                {
                    changed |= group.Execute(new ResourceContext(resource));
                }
                else
                {
                    foreach (var scopeSpans in resourceSpans.ScopeSpans)
                    {
                        var scope = Levels.Scope(scopeSpans.Scope);
                        if (group.Context == OttlContextKind.Scope)
                        {
                            changed |= group.Execute(new ScopeContext(resource, scope));
                        }
                        else
                        {
                            foreach (var span in scopeSpans.Spans)
                            {
                                if (group.Context == OttlContextKind.Span)
                                {
                                    changed |= group.Execute(new SpanContext(resource, scope, span));
                                    continue;
                                }

                                foreach (var spanEvent in span.Events)
                                {
                                    changed |= group.Execute(new SpanEventContext(resource, scope, span, spanEvent));
                                }
                            }
                        }

                        scopeSpans.Scope = Levels.Keep(scopeSpans.Scope, scope);
                    }
                }

                resourceSpans.Resource = Levels.Keep(resourceSpans.Resource, resource);
            }
        }

        return changed;
    }
}
