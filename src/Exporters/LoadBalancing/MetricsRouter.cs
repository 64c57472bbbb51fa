using System.Collections;
using System.Text;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// Routes metrics by their resource's service or identity, by metric name (whole metrics), or data point by data point
/// by stream (resource, scope, metric and the point's attributes) or by <c>routing_attributes</c>.
/// </summary>
internal sealed class MetricsRouter(RoutingKey key, IReadOnlyList<string> attributes) : IRequestRouter
{
    private bool PerPoint => key is RoutingKey.StreamId or RoutingKey.Attributes;

    /// <inheritdoc />
    public IReadOnlyList<RoutedPart> Split(TelemetryRequest request, HashRing ring)
    {
        var message = (ExportMetricsServiceRequest)request.Model;
        var owners = new List<int>();
        var text = new StringBuilder();
        foreach (var resource in message.ResourceMetrics)
        {
            int resourceOwner = key switch
            {
                RoutingKey.Service => ring.IndexFor(RoutingText.ServiceName(resource.Resource)),
                RoutingKey.Resource => ring.IndexFor(RoutingText.ResourceIdentity(resource.Resource)),
                _ => -1,
            };
            var resourceIdentity = key == RoutingKey.StreamId ? RoutingText.ResourceIdentity(resource.Resource) : null;
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    if (!PerPoint)
                    {
                        owners.Add(key == RoutingKey.Metric ? ring.IndexFor(metric.Name) : resourceOwner);
                        continue;
                    }

                    foreach (var point in MetricsKind.PointAttributes(metric))
                    {
                        string pointKey;
                        if (key == RoutingKey.StreamId)
                        {
                            text.Clear().Append(resourceIdentity).Append('#').Append(scope.Scope?.Name).Append('@').Append(scope.Scope?.Version)
                                .Append('#').Append(metric.Name).Append('#').Append((int)metric.DataCase).Append('#');
                            RoutingText.AppendSorted(text, point);
                            pointKey = text.ToString();
                        }
                        else
                        {
                            pointKey = RoutingText.Composite(attributes, null, resource.Resource?.Attributes, scope.Scope?.Attributes, point);
                        }

                        owners.Add(ring.IndexFor(pointKey));
                    }
                }
            }
        }

        if (RouteSplit.Single(owners) is { } only)
        {
            return [new RoutedPart(only, request)];
        }

        return PerPoint ? SplitPoints(request, message, owners) : SplitMetrics(request, message, owners);
    }

    private static List<RoutedPart> SplitMetrics(TelemetryRequest request, ExportMetricsServiceRequest message, List<int> owners)
    {
        var parts = new Dictionary<int, PartBuilder<ExportMetricsServiceRequest, ResourceMetrics, ScopeMetrics, Metric>>();
        int i = 0;
        foreach (var resource in message.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    Builder(parts, owners[i++]).Add(resource, scope, metric);
                }
            }
        }

        return [.. parts.Select(p => Part(request, p.Key, p.Value.Part))];
    }

    // Each point goes to its backend inside a copy of its metric's descriptor; consecutive points of a metric share one.
    private static List<RoutedPart> SplitPoints(TelemetryRequest request, ExportMetricsServiceRequest message, List<int> owners)
    {
        var parts = new Dictionary<int, PartBuilder<ExportMetricsServiceRequest, ResourceMetrics, ScopeMetrics, Metric>>();
        var shells = new Dictionary<int, (Metric Source, Metric Shell)>();
        int i = 0;
        foreach (var resource in message.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    var points = MetricsKind.DataPoints(metric);
                    for (int p = 0; p < points.Count; p++)
                    {
                        int owner = owners[i++];
                        if (!shells.TryGetValue(owner, out var current) || !ReferenceEquals(current.Source, metric))
                        {
                            current = (metric, MetricsKind.MetricShell(metric));
                            shells[owner] = current;
                            Builder(parts, owner).Add(resource, scope, current.Shell);
                        }

                        MetricsKind.DataPoints(current.Shell).Add(points[p]);
                    }
                }
            }
        }

        return [.. parts.Select(p => Part(request, p.Key, p.Value.Part))];
    }

    private static PartBuilder<ExportMetricsServiceRequest, ResourceMetrics, ScopeMetrics, Metric> Builder(
        Dictionary<int, PartBuilder<ExportMetricsServiceRequest, ResourceMetrics, ScopeMetrics, Metric>> parts, int owner)
    {
        if (!parts.TryGetValue(owner, out var part))
        {
            part = new(
                static r => r.ResourceMetrics,
                static r => new ResourceMetrics { Resource = r.Resource, SchemaUrl = r.SchemaUrl },
                static r => r.ScopeMetrics,
                static s => new ScopeMetrics { Scope = s.Scope, SchemaUrl = s.SchemaUrl },
                static s => s.Metrics);
            parts.Add(owner, part);
        }

        return part;
    }

    private static RoutedPart Part(TelemetryRequest request, int owner, ExportMetricsServiceRequest part)
        => new(owner, TelemetryRequest<ExportMetricsServiceRequest>.FromModel(MetricsKind.Instance, part, request.Metadata));
}
