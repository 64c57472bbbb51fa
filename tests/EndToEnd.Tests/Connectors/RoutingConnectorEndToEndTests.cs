using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests.Connectors;

/// <summary>
/// The .NET SDK sends to a collector whose routing connector sends spans to pipelines by the resource's service name
/// (what matches no route to the default pipelines), and logs by the request's X-Tenant header (the otlp receiver's
/// include_metadata), over gRPC and HTTP: each pipeline's exporter gets exactly its share.
/// </summary>
public sealed class RoutingConnectorEndToEndTests
{
    private const int SpansPerService = 6;
    private const int LogsPerTenant = 5;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Spans_go_to_the_pipeline_of_their_service_and_the_rest_to_the_default_pipelines(OtlpExportProtocol protocol)
    {
        var sinks = new SinkExporterFactory();
        await using var collector = await TestCollector.StartAsync(Config, sinks);
        var run = Guid.NewGuid().ToString("N")[..8];

        foreach (var service in new[] { "checkout", "search", "billing" })
        {
            SendSpans(collector, protocol, service, run);
        }

        await sinks["sink/other"].WaitUntilAsync(s => SpanCount(s) >= SpansPerService, () => Describe(sinks, collector));
        await sinks["sink/checkout"].WaitUntilAsync(s => SpanCount(s) >= SpansPerService, () => Describe(sinks, collector));
        await sinks["sink/search"].WaitUntilAsync(s => SpanCount(s) >= SpansPerService, () => Describe(sinks, collector));

        Assert.Equal(["checkout"], Services(sinks["sink/checkout"]));
        Assert.Equal(["search"], Services(sinks["sink/search"]));
        Assert.Equal(["billing"], Services(sinks["sink/other"]));
        Assert.All(new[] { "sink/checkout", "sink/search", "sink/other" }, id => Assert.Equal(SpansPerService, SpanCount(sinks[id])));
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Logs_go_to_the_pipeline_of_the_tenant_header_with_include_metadata(OtlpExportProtocol protocol)
    {
        var sinks = new SinkExporterFactory();
        await using var collector = await TestCollector.StartAsync(Config, sinks);
        var run = Guid.NewGuid().ToString("N")[..8];

        SendLogs(collector, protocol, "acme", run);
        SendLogs(collector, protocol, "ecorp", run);

        await sinks["sink/acme"].WaitUntilAsync(s => LogCount(s, run, "acme") >= LogsPerTenant, () => Describe(sinks, collector));
        await sinks["sink/otherlogs"].WaitUntilAsync(s => LogCount(s, run, "ecorp") >= LogsPerTenant, () => Describe(sinks, collector));

        Assert.Equal(LogsPerTenant, LogCount(sinks["sink/acme"], run, "acme"));
        Assert.Equal(0, LogCount(sinks["sink/acme"], run, "ecorp"));
        Assert.Equal(LogsPerTenant, LogCount(sinks["sink/otherlogs"], run, "ecorp"));
        Assert.Equal(0, LogCount(sinks["sink/otherlogs"], run, "acme"));
        Assert.All(sinks["sink/acme"].Metadata, m => Assert.Equal(["acme"], m.Get("x-tenant")));
    }

    private const string Config = """
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:0, include_metadata: true}
              http: {endpoint: 127.0.0.1:0, include_metadata: true}
        connectors:
          routing:
            default_pipelines: [traces/other]
            table:
              - condition: attributes["service.name"] == "checkout"
                pipelines: [traces/checkout]
              - statement: route() where resource.attributes["service.name"] == "search"
                pipelines: [traces/search]
          routing/logs:
            default_pipelines: [logs/other]
            table:
              - context: request
                condition: request["X-Tenant"] == "acme"
                pipelines: [logs/acme]
        exporters:
          sink/checkout:
          sink/search:
          sink/other:
          sink/acme:
          sink/otherlogs:
        service:
          pipelines:
            traces/in: {receivers: [otlp], exporters: [routing]}
            traces/checkout: {receivers: [routing], exporters: [sink/checkout]}
            traces/search: {receivers: [routing], exporters: [sink/search]}
            traces/other: {receivers: [routing], exporters: [sink/other]}
            logs/in: {receivers: [otlp], exporters: [routing/logs]}
            logs/acme: {receivers: [routing/logs], exporters: [sink/acme]}
            logs/other: {receivers: [routing/logs], exporters: [sink/otherlogs]}
        """;

    private static int SpanCount(SinkExporter sink) => sink.TraceRequests.SelectMany(r => r.ResourceSpans).SelectMany(r => r.ScopeSpans).Sum(s => s.Spans.Count);

    private static IEnumerable<string> Services(SinkExporter sink)
        => sink.TraceRequests.SelectMany(r => r.ResourceSpans).Select(r => r.Resource.Attributes.Single(kv => kv.Key == "service.name").Value.StringValue).Distinct();

    private static int LogCount(SinkExporter sink, string run, string tenant)
        => sink.LogRequests.SelectMany(r => r.ResourceLogs).SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords).Count(l => l.Body.StringValue.StartsWith($"{run} {tenant}", StringComparison.Ordinal));

    private static string Describe(SinkExporterFactory sinks, TestCollector collector)
        => string.Join(", ", new[] { "sink/checkout", "sink/search", "sink/other", "sink/acme", "sink/otherlogs" }.Select(id => $"{id}: {SpanCount(sinks[id])} spans, {sinks[id].Logs.Count} log requests"))
            + "\n" + collector.Logs.TextOf("connector/routing");

    private static void SendSpans(TestCollector collector, OtlpExportProtocol protocol, string service, string run)
    {
        var sourceName = $"routing.{service}.{run}";
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? collector.GrpcUrl : $"{collector.HttpUrl}/v1/traces");
                o.Protocol = protocol;
            })
            .Build();
        using var source = new ActivitySource(sourceName);
        for (int i = 0; i < SpansPerService; i++)
        {
            using var activity = source.StartActivity($"{service}-{i}");
            Assert.NotNull(activity);
        }

        Assert.True(provider.ForceFlush(20_000), "the SDK could not export its spans");
    }

    private static void SendLogs(TestCollector collector, OtlpExportProtocol protocol, string tenant, string run)
    {
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("e2e-routing"));
            o.AddOtlpExporter(e =>
            {
                e.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? collector.GrpcUrl : $"{collector.HttpUrl}/v1/logs");
                e.Protocol = protocol;
                e.Headers = "X-Tenant=" + tenant;
            });
        }));
        var logger = loggerFactory.CreateLogger("Routing");
        for (int i = 0; i < LogsPerTenant; i++)
        {
#pragma warning disable CA2254 // one unique template per record
            logger.LogInformation($"{run} {tenant} record {i}");
#pragma warning restore CA2254
        }
    }
}
