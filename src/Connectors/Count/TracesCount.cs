using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Ottl;

namespace MiniCollector.Connectors.Count;

/// <summary>Counts the spans and span events of a traces request.</summary>
internal sealed class TracesCount(CountMetric[] spans, CountMetric[] events)
{
    private static readonly CountCondition<SpanContext> SpanMatches = static (OttlConditions c, in SpanContext item) => c.Matches(in item);
    private static readonly CountCondition<SpanEventContext> EventMatches = static (OttlConditions c, in SpanEventContext item) => c.Matches(in item);

    /// <summary>The count request; throws <see cref="OttlRuntimeException"/> when a condition fails on an item.</summary>
    public ExportMetricsServiceRequest Count(ExportTraceServiceRequest request, ulong now)
    {
        var output = new ExportMetricsServiceRequest();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = resourceSpans.Resource;
            var resourceAttributes = CountOutput.AttributesOf(resource);
            var spanTally = new CountTally(spans);
            var eventTally = new CountTally(events);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope;
                var scopeAttributes = CountOutput.AttributesOf(scope);
                foreach (var span in scopeSpans.Spans)
                {
                    spanTally.Observe(span.StartTimeUnixNano);
                    spanTally.Observe(span.EndTimeUnixNano);
                    spanTally.Count(new SpanContext(resource, scope, span), span.Attributes, scopeAttributes, resourceAttributes, SpanMatches);
                    foreach (var spanEvent in span.Events)
                    {
                        eventTally.Observe(spanEvent.TimeUnixNano);
                        eventTally.Count(new SpanEventContext(resource, scope, span, spanEvent), spanEvent.Attributes, scopeAttributes, resourceAttributes, EventMatches);
                    }
                }
            }

            CountOutput.Append(output, resource, now, spanTally, eventTally);
        }

        return output;
    }
}
