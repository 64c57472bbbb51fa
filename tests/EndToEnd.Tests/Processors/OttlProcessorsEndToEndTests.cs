using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Otlp.Common;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests.Processors;

/// <summary>
/// SDK → collector A (otlp receiver → transform → filter → otlp exporter) → collector B (otlp receiver → sink
/// exporter): B receives the spans and logs the transform changed, without what the filter dropped, and A's
/// self-metrics endpoint counts the drops under the reference's names.
/// </summary>
public sealed class OttlProcessorsEndToEndTests
{
    private const int Kept = 12;
    private const int Health = 8;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Transformed_items_arrive_downstream_without_the_filtered_ones_and_the_drops_are_counted(OtlpExportProtocol protocol)
    {
        var downstream = new SinkExporterFactory();
        await using var b = await TestCollector.StartAsync(Downstream, downstream);
        await using var a = await TestCollector.StartAsync(Upstream(new Uri(b.GrpcUrl).Authority));

        var run = Guid.NewGuid().ToString("N")[..8];
        SendSpans(a, protocol, run);
        SendLogs(a, protocol, run);

        await downstream["sink"].WaitUntilAsync(
            r => r.Spans.Count >= Kept && r.Logs.Count(l => l.Record.Body.StringValue.StartsWith(run, StringComparison.Ordinal)) >= 2,
            () => $"B has {downstream["sink"].Spans.Count} spans, {downstream["sink"].Logs.Count} logs\n{a.Logs.TextOf("exporter/otlp")}");

        Assert.Equal(Kept, downstream["sink"].Spans.Count);
        foreach (var (resource, span) in downstream["sink"].Spans)
        {
            var attributes = Attributes(span.Attributes);
            Assert.StartsWith("GET /orders/{id}", span.Name, StringComparison.Ordinal);
            Assert.Equal("prod", attributes["env"].StringValue);
            Assert.Equal("/orders/{id}", attributes["url.path"].StringValue);
            Assert.False(attributes.ContainsKey("user.password"));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("jane@example.com"u8)), attributes["user.email"].StringValue);
            Assert.Equal("e2e-ottl/eu", Attributes(resource.Attributes)["service.name"].StringValue);
        }

        var logs = downstream["sink"].Logs.Where(l => l.Record.Body.StringValue.StartsWith(run, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, logs.Count);
        Assert.All(logs, l => Assert.EndsWith("password=***", l.Record.Body.StringValue, StringComparison.Ordinal));

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(a.TelemetryUrl + "/metrics");
        Assert.Contains($"otelcol_processor_filter_spans_filtered{{filter=\"filter\"}} {Health}\n", metrics);
        Assert.Contains("otelcol_processor_filter_logs_filtered{filter=\"filter\"} 3\n", metrics);
        Promtool.AssertParses(metrics);
    }

    private const string Downstream = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        exporters:
          sink:
        service:
          pipelines:
            traces: {receivers: [otlp], exporters: [sink]}
            logs: {receivers: [otlp], exporters: [sink]}
        """;

    private static string Upstream(string downstream) => $$"""
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:0}
              http: {endpoint: 127.0.0.1:0}
        processors:
          transform:
            error_mode: ignore
            trace_statements:
              - set(span.attributes["env"], "prod")
              - delete_key(span.attributes, "user.password")
              - set(span.attributes["user.email"], SHA256(span.attributes["user.email"]))
              - replace_pattern(span.attributes["url.path"], "/orders/\\d+", "/orders/{id}")
              - set(span.name, Concat(["GET", span.attributes["url.path"]], " ")) where span.kind == SPAN_KIND_SERVER
              - context: resource
                statements:
                  - set(attributes["service.name"], Concat([attributes["service.name"], "eu"], "/"))
            log_statements:
              - replace_pattern(log.body, "password=\\S+", "password=***")
          filter:
            error_mode: ignore
            traces:
              span:
                - 'attributes["url.path"] == "/health"'
            logs:
              log_record:
                - 'severity_number < SEVERITY_NUMBER_WARN'
        exporters:
          otlp:
            endpoint: {{downstream}}
            tls: {insecure: true}
        service:
          telemetry:
            metrics:
              readers:
                - pull:
                    exporter:
                      prometheus: {host: 127.0.0.1, port: 0}
          pipelines:
            traces: {receivers: [otlp], processors: [transform, filter], exporters: [otlp]}
            logs: {receivers: [otlp], processors: [transform, filter], exporters: [otlp]}
        """;

    private static Dictionary<string, AnyValue> Attributes(IEnumerable<KeyValue> attributes) => attributes.ToDictionary(kv => kv.Key, kv => kv.Value);

    private static void Target(OtlpExporterOptions options, TestCollector collector, OtlpExportProtocol protocol, string signal)
    {
        options.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? collector.GrpcUrl : $"{collector.HttpUrl}/v1/{signal}");
        options.Protocol = protocol;
    }

    private static ResourceBuilder SdkResource() => ResourceBuilder.CreateEmpty().AddService("e2e-ottl");

    private static void SendSpans(TestCollector a, OtlpExportProtocol protocol, string run)
    {
        var sourceName = "ottl." + run;
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(SdkResource())
            .AddSource(sourceName)
            .AddOtlpExporter(o => Target(o, a, protocol, "traces"))
            .Build();
        using var source = new ActivitySource(sourceName);
        for (int i = 0; i < Kept + Health; i++)
        {
            using var activity = source.StartActivity($"span-{i}", ActivityKind.Server);
            Assert.NotNull(activity);
            activity.SetTag("url.path", i < Health ? "/health" : $"/orders/{i}");
            activity.SetTag("user.email", "jane@example.com");
            activity.SetTag("user.password", "hunter2");
        }

        Assert.True(provider.ForceFlush(20_000), "the SDK could not export its spans");
    }

    private static void SendLogs(TestCollector a, OtlpExportProtocol protocol, string run)
    {
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(SdkResource());
            o.AddOtlpExporter(e => Target(e, a, protocol, "logs"));
        }));
        var logger = loggerFactory.CreateLogger("Ottl");
#pragma warning disable CA2254 // one unique template per record, so each is recognisable downstream
        logger.LogWarning($"{run} login failed password=hunter2");
        logger.LogError($"{run} login failed again password=swordfish");
        logger.LogInformation($"{run} chatty");
        logger.LogDebug($"{run} chattier");
        logger.LogTrace($"{run} chattiest");
#pragma warning restore CA2254
    }
}
