using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Tests.LoadBalancing;

/// <summary>Requests for the load balancer's tests: traces of several spans each, over services and scopes.</summary>
internal static class LoadBalancerRequests
{
    /// <summary>A trace id made from a number (never all zeros).</summary>
    public static ByteString TraceId(int trace)
    {
        var id = new byte[16];
        BitConverter.TryWriteBytes(id.AsSpan(0, 4), trace * 2654435761u);
        BitConverter.TryWriteBytes(id.AsSpan(8, 4), trace + 1);
        id[15] = 0x7f;
        return ByteString.CopyFrom(id);
    }

    /// <summary>
    /// <paramref name="traces"/> traces of <paramref name="spansPerTrace"/> spans each, spread over the services (one
    /// resource each, two scopes each); span names are <c>t{trace}-s{span}</c>.
    /// </summary>
    public static ExportTraceServiceRequest Traces(int traces, int spansPerTrace, params string[] services)
    {
        services = services.Length == 0 ? ["checkout"] : services;
        var request = new ExportTraceServiceRequest();
        foreach (var service in services)
        {
            var resource = new ResourceSpans { Resource = Resource(service), SchemaUrl = "https://opentelemetry.io/schemas/1.26.0" };
            resource.ScopeSpans.Add(new ScopeSpans { Scope = new InstrumentationScope { Name = "http" } });
            resource.ScopeSpans.Add(new ScopeSpans { Scope = new InstrumentationScope { Name = "db" } });
            request.ResourceSpans.Add(resource);
        }

        for (int t = 0; t < traces; t++)
        {
            for (int s = 0; s < spansPerTrace; s++)
            {
                var resource = request.ResourceSpans[(t + s) % services.Length];
                var spanId = new byte[8];
                BitConverter.TryWriteBytes(spanId, (t * 1000) + s + 1);
                resource.ScopeSpans[s % 2].Spans.Add(new Span { TraceId = TraceId(t), SpanId = ByteString.CopyFrom(spanId), Name = $"t{t}-s{s}", Kind = Span.Types.SpanKind.Server });
            }
        }

        return request;
    }

    /// <summary>As a request known by its bytes only, as a receiver passes it on.</summary>
    public static TelemetryRequest AsReceived(IMessage message) => message switch
    {
        ExportTraceServiceRequest traces => TracesKind.Instance.FromBytes(traces.ToByteArray()),
        ExportMetricsServiceRequest metrics => MetricsKind.Instance.FromBytes(metrics.ToByteArray()),
        _ => LogsKind.Instance.FromBytes(((ExportLogsServiceRequest)message).ToByteArray()),
    };

    /// <summary>Gauges <c>m0..m{metrics-1}</c> of one service, each with points for <paramref name="hosts"/> hosts.</summary>
    public static ExportMetricsServiceRequest Metrics(int metrics, int hosts, string service = "checkout")
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "meter" } };
        for (int m = 0; m < metrics; m++)
        {
            var gauge = new Gauge();
            for (int h = 0; h < hosts; h++)
            {
                gauge.DataPoints.Add(new NumberDataPoint { AsInt = h, Attributes = { Attribute("host", $"h{h}") } });
            }

            scope.Metrics.Add(new Metric { Name = $"m{m}", Unit = "1", Gauge = gauge });
        }

        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = Resource(service), ScopeMetrics = { scope } } } };
    }

    /// <summary>Log records of the given traces (one each), and one record without a trace.</summary>
    public static ExportLogsServiceRequest Logs(int traces, string service = "checkout")
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "logger" } };
        for (int t = 0; t < traces; t++)
        {
            scope.LogRecords.Add(new LogRecord { TraceId = TraceId(t), Body = new AnyValue { StringValue = $"t{t}" } });
        }

        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = Resource(service), ScopeLogs = { scope } } } };
    }

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static Resource Resource(string service) => new() { Attributes = { Attribute("service.name", service), Attribute("host.name", "node-1") } };
}
