using MiniCollector.Exporters.LoadBalancing;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Tests.LoadBalancing;

/// <summary>How each router splits a request over the ring, per routing key.</summary>
public sealed class RoutingTests
{
    private static readonly HashRing Ring = new(["backend-1:4317", "backend-2:4317", "backend-3:4317"]);

    private static IEnumerable<(int Backend, ExportTraceServiceRequest Part)> TraceParts(IRequestRouter router, TelemetryRequest request)
        => router.Split(request, Ring).Select(p => (p.Backend, (ExportTraceServiceRequest)p.Request.Model));

    [Fact]
    public void By_trace_id_every_traces_spans_go_to_one_backend_with_their_resource_and_scope()
    {
        var source = LoadBalancerRequests.Traces(60, 4, "checkout", "cart");
        var parts = TraceParts(new TracesRouter(RoutingKey.TraceId, []), LoadBalancerRequests.AsReceived(source)).ToList();

        Assert.Equal(3, parts.Count);
        Assert.Equal(3, parts.Select(p => p.Backend).Distinct().Count());
        var owner = new Dictionary<string, int>();
        int spans = 0;
        foreach (var (backend, part) in parts)
        {
            foreach (var resource in part.ResourceSpans)
            {
                var service = resource.Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue;
                Assert.Equal("https://opentelemetry.io/schemas/1.26.0", resource.SchemaUrl);
                foreach (var scope in resource.ScopeSpans)
                {
                    Assert.NotEmpty(scope.Spans);
                    foreach (var span in scope.Spans)
                    {
                        spans++;
                        var trace = span.Name.Split('-')[0];
                        Assert.Equal(backend, owner.TryAdd(trace, backend) ? backend : owner[trace]);
                        Assert.Equal(Ring.IndexFor(span.TraceId.Span), backend);

                        // The span kept its place: the resource and scope it came from.
                        var original = source.ResourceSpans.Single(r => r.ScopeSpans.Any(s => s.Spans.Any(x => x.Name == span.Name)));
                        Assert.Equal(original.Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue, service);
                        Assert.Equal(original.ScopeSpans.Single(s => s.Spans.Any(x => x.Name == span.Name)).Scope.Name, scope.Scope.Name);
                    }
                }
            }
        }

        Assert.Equal(240, spans);
        Assert.Equal(60, owner.Count);
    }

    [Fact]
    public void A_request_wholly_for_one_backend_goes_on_as_it_came_bytes_included()
    {
        var request = LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(1, 5, "checkout", "cart"));

        var part = Assert.Single(new TracesRouter(RoutingKey.TraceId, []).Split(request, Ring));

        Assert.Same(request, part.Request);
        Assert.Equal(Ring.IndexFor(LoadBalancerRequests.TraceId(0).Span), part.Backend);
    }

    [Fact]
    public void By_service_each_resource_goes_whole_to_its_services_backend()
    {
        string[] services = ["checkout", "cart", "payment", "shipping", "email", "ads"];
        var request = LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(20, 3, services));

        var parts = TraceParts(new TracesRouter(RoutingKey.Service, []), request).ToList();

        Assert.True(parts.Count > 1);
        foreach (var (backend, part) in parts)
        {
            foreach (var resource in part.ResourceSpans)
            {
                Assert.Equal(Ring.IndexFor(resource.Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue), backend);
            }
        }

        Assert.Equal(services.Length, parts.Sum(p => p.Part.ResourceSpans.Count));
        Assert.Equal(60, parts.Sum(p => p.Part.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count))));
    }

    [Fact]
    public void By_attributes_the_key_is_the_listed_values_found_on_the_span_scope_or_resource()
    {
        var router = new TracesRouter(RoutingKey.Attributes, ["service.name", "span.name"]);
        var request = LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(30, 2, "checkout"));

        foreach (var (backend, part) in TraceParts(router, request))
        {
            foreach (var span in part.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
            {
                Assert.Equal(Ring.IndexFor($"service.name=checkout|span.name={span.Name}|"), backend);
            }
        }
    }

    [Fact]
    public void Metrics_by_name_keep_each_metric_whole()
    {
        var request = LoadBalancerRequests.AsReceived(LoadBalancerRequests.Metrics(30, 4));

        var parts = new MetricsRouter(RoutingKey.Metric, []).Split(request, Ring);

        Assert.True(parts.Count > 1);
        Assert.Equal(120, parts.Sum(p => p.Request.ItemCount));
        foreach (var part in parts)
        {
            foreach (var metric in ((ExportMetricsServiceRequest)part.Request.Model).ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
            {
                Assert.Equal(Ring.IndexFor(metric.Name), part.Backend);
                Assert.Equal(4, metric.Gauge.DataPoints.Count);
            }
        }
    }

    [Fact]
    public void Metrics_by_stream_send_each_series_to_one_backend_and_split_a_metrics_points()
    {
        var router = new MetricsRouter(RoutingKey.StreamId, []);
        var first = router.Split(LoadBalancerRequests.AsReceived(LoadBalancerRequests.Metrics(5, 40)), Ring);
        var again = router.Split(LoadBalancerRequests.AsReceived(LoadBalancerRequests.Metrics(5, 40)), Ring);

        Assert.Equal(200, first.Sum(p => p.Request.ItemCount));
        Assert.Equal(Series(first), Series(again));
        Assert.True(first.Count > 1);

        // A metric's points are spread, each in a copy of the metric's descriptor.
        var m0 = first.Select(p => ((ExportMetricsServiceRequest)p.Request.Model).ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).SingleOrDefault(m => m.Name == "m0")).Where(m => m is not null).ToList();
        Assert.True(m0.Count > 1);
        Assert.All(m0, m => Assert.Equal("1", m!.Unit));
        Assert.Equal(40, m0.Sum(m => m!.Gauge.DataPoints.Count));

        static Dictionary<string, int> Series(IReadOnlyList<RoutedPart> parts) => parts
            .SelectMany(p => ((ExportMetricsServiceRequest)p.Request.Model).ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics)
                .SelectMany(m => m.Gauge.DataPoints.Select(d => (Key: m.Name + "/" + d.Attributes[0].Value.StringValue, p.Backend))))
            .ToDictionary(x => x.Key, x => x.Backend);
    }

    [Fact]
    public void Metrics_by_service_or_resource_go_whole_to_one_backend()
    {
        var request = LoadBalancerRequests.AsReceived(LoadBalancerRequests.Metrics(10, 3));

        Assert.Same(request, Assert.Single(new MetricsRouter(RoutingKey.Service, []).Split(request, Ring)).Request);
        Assert.Same(request, Assert.Single(new MetricsRouter(RoutingKey.Resource, []).Split(request, Ring)).Request);
    }

    [Fact]
    public void Logs_by_trace_id_follow_their_trace()
    {
        var request = LoadBalancerRequests.AsReceived(LoadBalancerRequests.Logs(50));

        var parts = new LogsRouter(RoutingKey.TraceId, []).Split(request, Ring);

        Assert.Equal(50, parts.Sum(p => p.Request.ItemCount));
        foreach (var part in parts)
        {
            foreach (var record in ((ExportLogsServiceRequest)part.Request.Model).ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords))
            {
                Assert.Equal(Ring.IndexFor(record.TraceId.Span), part.Backend);
            }
        }
    }
}
