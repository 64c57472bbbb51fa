using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Logs;
using MiniCollector.Ottl;

namespace MiniCollector.Connectors.Routing;

/// <summary>Divides a logs request by route: whole resources for resource routes, single records for log routes.</summary>
internal static class LogsRouter
{
    public static RoutedParts<ExportLogsServiceRequest> Split(RoutingTable table, ExportLogsServiceRequest request, int limit)
    {
        int destinations = table.Default + 1;
        var parts = new RoutedParts<ExportLogsServiceRequest>(destinations);
        ResourceLogs?[]? resourceShells = null;
        ScopeLogs?[]? scopeShells = null;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = resourceLogs.Resource;
            int destination = table.ResourceDestination(resource, limit);
            if (!table.HasBefore(RouteContext.Log, destination))
            {
                parts.For(destination).ResourceLogs.Add(resourceLogs);
                parts.Note(destination, Count(resourceLogs));
                continue;
            }

            resourceShells ??= new ResourceLogs?[destinations];
            scopeShells ??= new ScopeLogs?[destinations];
            Array.Clear(resourceShells);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                Array.Clear(scopeShells);
                foreach (var record in scopeLogs.LogRecords)
                {
                    int to = RecordDestination(table, new LogContext(resource, scopeLogs.Scope, record), destination);
                    if (scopeShells[to] is not { } scope)
                    {
                        if (resourceShells[to] is not { } shell)
                        {
                            shell = resourceShells[to] = new ResourceLogs { Resource = resource, SchemaUrl = resourceLogs.SchemaUrl };
                            parts.For(to).ResourceLogs.Add(shell);
                        }

                        scope = scopeShells[to] = new ScopeLogs { Scope = scopeLogs.Scope, SchemaUrl = scopeLogs.SchemaUrl };
                        shell.ScopeLogs.Add(scope);
                    }

                    scope.LogRecords.Add(record);
                    parts.Note(to, 1);
                }
            }
        }

        return parts;
    }

    private static int RecordDestination(RoutingTable table, in LogContext item, int limit)
    {
        for (int i = 0; i < limit; i++)
        {
            var route = table.Routes[i];
            if (route.Context == RouteContext.Log && route.Matches(in item))
            {
                return i;
            }
        }

        return limit;
    }

    private static int Count(ResourceLogs resource)
    {
        int count = 0;
        foreach (var scope in resource.ScopeLogs)
        {
            count += scope.LogRecords.Count;
        }

        return count;
    }
}
