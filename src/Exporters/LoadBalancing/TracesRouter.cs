using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>Routes spans by trace id, by their resource's service, or by <c>routing_attributes</c> (also <c>span.name</c>, <c>span.kind</c>).</summary>
internal sealed class TracesRouter(RoutingKey key, IReadOnlyList<string> attributes) : IRequestRouter
{
    /// <inheritdoc />
    public IReadOnlyList<RoutedPart> Split(TelemetryRequest request, HashRing ring)
    {
        var message = (ExportTraceServiceRequest)request.Model;
        var owners = new List<int>();
        foreach (var resource in message.ResourceSpans)
        {
            int resourceOwner = key == RoutingKey.Service ? ring.IndexFor(RoutingText.ServiceName(resource.Resource)) : -1;
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    owners.Add(key switch
                    {
                        RoutingKey.Service => resourceOwner,
                        RoutingKey.Attributes => ring.IndexFor(RoutingText.Composite(attributes, name => Pseudo(span, name), resource.Resource?.Attributes, scope.Scope?.Attributes, span.Attributes)),
                        _ => ring.IndexFor(span.TraceId.Span),
                    });
                }
            }
        }

        if (RouteSplit.Single(owners) is { } only)
        {
            return [new RoutedPart(only, request)];
        }

        var parts = new Dictionary<int, PartBuilder<ExportTraceServiceRequest, ResourceSpans, ScopeSpans, Span>>();
        int i = 0;
        foreach (var resource in message.ResourceSpans)
        {
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    int owner = owners[i++];
                    if (!parts.TryGetValue(owner, out var part))
                    {
                        part = new(
                            static r => r.ResourceSpans,
                            static r => new ResourceSpans { Resource = r.Resource, SchemaUrl = r.SchemaUrl },
                            static r => r.ScopeSpans,
                            static s => new ScopeSpans { Scope = s.Scope, SchemaUrl = s.SchemaUrl },
                            static s => s.Spans);
                        parts.Add(owner, part);
                    }

                    part.Add(resource, scope, span);
                }
            }
        }

        return [.. parts.Select(p => new RoutedPart(p.Key, TelemetryRequest<ExportTraceServiceRequest>.FromModel(TracesKind.Instance, p.Value.Part, request.Metadata, p.Value.Count)))];
    }

    private static string? Pseudo(Span span, string name) => name switch
    {
        "span.name" => span.Name,
        "span.kind" => span.Kind.ToString(),
        _ => null,
    };
}
