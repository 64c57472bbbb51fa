using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;
using MiniCollector.Ottl;

namespace MiniCollector.Connectors.Routing;

/// <summary>Divides a traces request by route: whole resources for resource routes, single spans for span routes.</summary>
internal static class TracesRouter
{
    public static RoutedParts<ExportTraceServiceRequest> Split(RoutingTable table, ExportTraceServiceRequest request, int limit)
    {
        int destinations = table.Default + 1;
        var parts = new RoutedParts<ExportTraceServiceRequest>(destinations);
        ResourceSpans?[]? resourceShells = null;
        ScopeSpans?[]? scopeShells = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = resourceSpans.Resource;
            int destination = table.ResourceDestination(resource, limit);
            if (!table.HasBefore(RouteContext.Span, destination))
            {
                parts.For(destination).ResourceSpans.Add(resourceSpans);
                parts.Note(destination, Count(resourceSpans));
                continue;
            }

            resourceShells ??= new ResourceSpans?[destinations];
            scopeShells ??= new ScopeSpans?[destinations];
            Array.Clear(resourceShells);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                Array.Clear(scopeShells);
                foreach (var span in scopeSpans.Spans)
                {
                    int to = SpanDestination(table, new SpanContext(resource, scopeSpans.Scope, span), destination);
                    if (scopeShells[to] is not { } scope)
                    {
                        if (resourceShells[to] is not { } shell)
                        {
                            shell = resourceShells[to] = new ResourceSpans { Resource = resource, SchemaUrl = resourceSpans.SchemaUrl };
                            parts.For(to).ResourceSpans.Add(shell);
                        }

                        scope = scopeShells[to] = new ScopeSpans { Scope = scopeSpans.Scope, SchemaUrl = scopeSpans.SchemaUrl };
                        shell.ScopeSpans.Add(scope);
                    }

                    scope.Spans.Add(span);
                    parts.Note(to, 1);
                }
            }
        }

        return parts;
    }

    private static int SpanDestination(RoutingTable table, in SpanContext item, int limit)
    {
        for (int i = 0; i < limit; i++)
        {
            var route = table.Routes[i];
            if (route.Context == RouteContext.Span && route.Matches(in item))
            {
                return i;
            }
        }

        return limit;
    }

    private static int Count(ResourceSpans resource)
    {
        int count = 0;
        foreach (var scope in resource.ScopeSpans)
        {
            count += scope.Spans.Count;
        }

        return count;
    }
}
