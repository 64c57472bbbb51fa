using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Logs;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// Routes log records by trace id (a record without one goes to a random backend, as the reference does), by their
/// resource's service or identity, or by <c>routing_attributes</c>.
/// </summary>
internal sealed class LogsRouter(RoutingKey key, IReadOnlyList<string> attributes) : IRequestRouter
{
    /// <inheritdoc />
    public IReadOnlyList<RoutedPart> Split(TelemetryRequest request, HashRing ring)
    {
        var message = (ExportLogsServiceRequest)request.Model;
        var owners = new List<int>();
        foreach (var resource in message.ResourceLogs)
        {
            int resourceOwner = key switch
            {
                RoutingKey.Service => ring.IndexFor(RoutingText.ServiceName(resource.Resource)),
                RoutingKey.Resource => ring.IndexFor(RoutingText.ResourceIdentity(resource.Resource)),
                _ => -1,
            };
            foreach (var scope in resource.ScopeLogs)
            {
                foreach (var record in scope.LogRecords)
                {
                    owners.Add(key switch
                    {
                        RoutingKey.Service or RoutingKey.Resource => resourceOwner,
                        RoutingKey.Attributes => ring.IndexFor(RoutingText.Composite(attributes, null, resource.Resource?.Attributes, scope.Scope?.Attributes, record.Attributes)),
                        _ => record.TraceId.Length == 16 ? ring.IndexFor(record.TraceId.Span) : Random.Shared.Next(ring.Endpoints.Count),
                    });
                }
            }
        }

        if (RouteSplit.Single(owners) is { } only)
        {
            return [new RoutedPart(only, request)];
        }

        var parts = new Dictionary<int, PartBuilder<ExportLogsServiceRequest, ResourceLogs, ScopeLogs, LogRecord>>();
        int i = 0;
        foreach (var resource in message.ResourceLogs)
        {
            foreach (var scope in resource.ScopeLogs)
            {
                foreach (var record in scope.LogRecords)
                {
                    int owner = owners[i++];
                    if (!parts.TryGetValue(owner, out var part))
                    {
                        part = new(
                            static r => r.ResourceLogs,
                            static r => new ResourceLogs { Resource = r.Resource, SchemaUrl = r.SchemaUrl },
                            static r => r.ScopeLogs,
                            static s => new ScopeLogs { Scope = s.Scope, SchemaUrl = s.SchemaUrl },
                            static s => s.LogRecords);
                        parts.Add(owner, part);
                    }

                    part.Add(resource, scope, record);
                }
            }
        }

        return [.. parts.Select(p => new RoutedPart(p.Key, TelemetryRequest<ExportLogsServiceRequest>.FromModel(LogsKind.Instance, p.Value.Part, request.Metadata, p.Value.Count)))];
    }
}
