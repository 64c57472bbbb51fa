using MiniCollector.Ottl;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Filter;

/// <summary>
/// Drops spans any span condition matches and, of the spans kept, events any span event condition matches (a span
/// whose events all go stays). Scopes and resources left without spans are removed.
/// </summary>
internal sealed class TraceFilter(OttlConditions? spans, OttlConditions? events) : IRequestFilter
{
    public (long Dropped, bool Changed) Apply(TelemetryRequest request)
    {
        var model = (ExportTraceServiceRequest)request.Model;
        long dropped = 0;
        bool changed = false;
        for (int r = model.ResourceSpans.Count - 1; r >= 0; r--)
        {
            var resourceSpans = model.ResourceSpans[r];
            var resource = resourceSpans.Resource;
            for (int s = resourceSpans.ScopeSpans.Count - 1; s >= 0; s--)
            {
                var scopeSpans = resourceSpans.ScopeSpans[s];
                var scope = scopeSpans.Scope;
                var list = scopeSpans.Spans;
                for (int i = list.Count - 1; i >= 0; i--)
                {
                    var span = list[i];
                    if (spans is not null && spans.Matches(new SpanContext(resource, scope, span)))
                    {
                        list.RemoveAt(i);
                        dropped++;
                        changed = true;
                        continue;
                    }

                    if (events is not null)
                    {
                        for (int e = span.Events.Count - 1; e >= 0; e--)
                        {
                            if (events.Matches(new SpanEventContext(resource, scope, span, span.Events[e])))
                            {
                                span.Events.RemoveAt(e);
                                changed = true;
                            }
                        }
                    }
                }

                if (list.Count == 0)
                {
                    resourceSpans.ScopeSpans.RemoveAt(s);
                    changed = true;
                }
            }

            if (resourceSpans.ScopeSpans.Count == 0)
            {
                model.ResourceSpans.RemoveAt(r);
                changed = true;
            }
        }

        return (dropped, changed);
    }

    public bool IsEmpty(TelemetryRequest request) => ((ExportTraceServiceRequest)request.Model).ResourceSpans.Count == 0;
}
