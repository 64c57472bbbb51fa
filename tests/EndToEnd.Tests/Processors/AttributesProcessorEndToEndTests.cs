using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
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
/// SDK → collector A (otlp receiver, include_metadata → attributes + resource processors → otlp exporter) → collector
/// B (otlp receiver → sink exporter): the changed attributes arrive at B. A second traces pipeline in A shares
/// the receiver with no processor and records locally: it sees the data as the SDK sent it, so the processors
/// changed a copy, not the request both pipelines were given.
/// </summary>
public sealed class AttributesProcessorEndToEndTests
{
    private const int SpanCount = 20;
    private const int LogCount = 10;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task The_sdks_spans_and_logs_arrive_changed_downstream_and_unchanged_in_a_pipeline_without_the_processors(OtlpExportProtocol protocol)
    {
        var downstream = new SinkExporterFactory();
        await using var b = await TestCollector.StartAsync(Downstream, downstream);
        var local = new SinkExporterFactory();
        await using var a = await TestCollector.StartAsync(Upstream(new Uri(b.GrpcUrl).Authority), local);

        var run = Guid.NewGuid().ToString("N")[..8];
        SendSpans(a, protocol, run);
        SendLogs(a, protocol, run);

        await downstream["sink"].WaitUntilAsync(
            r => r.Spans.Count >= SpanCount && r.Logs.Count(l => l.Record.Body.StringValue.StartsWith(run, StringComparison.Ordinal)) >= LogCount,
            () => $"B has {downstream["sink"].Spans.Count} spans, {downstream["sink"].Logs.Count} logs\n{a.Logs.TextOf("exporter/otlp")}");
        await local["sink"].WaitUntilAsync(r => r.Spans.Count >= SpanCount, () => $"A's plain pipeline has {local["sink"].Spans.Count} spans");

        var emailHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("jane@example.com")));
        Assert.Equal(SpanCount, downstream["sink"].Spans.Count);
        foreach (var (resource, span) in downstream["sink"].Spans)
        {
            var attributes = Attributes(span.Attributes);
            Assert.Equal("acme", attributes["tenant"].StringValue);
            Assert.Equal(emailHash, attributes["user.email"].StringValue);
            Assert.Equal("prod", attributes["env"].StringValue);
            Assert.Equal(42, attributes["order.id"].IntValue);
            Assert.False(attributes.ContainsKey("password"));
            Assert.Equal("checkout", attributes["route"].StringValue);

            var resourceAttributes = Attributes(resource.Attributes);
            Assert.Equal("staging", resourceAttributes["deployment.environment"].StringValue);
            Assert.False(resourceAttributes.ContainsKey("host.name"));
            Assert.Equal("e2e-sdk", resourceAttributes["service.name"].StringValue);
        }

        foreach (var (resource, record) in downstream["sink"].Logs.Where(l => l.Record.Body.StringValue.StartsWith(run, StringComparison.Ordinal)))
        {
            var attributes = Attributes(record.Attributes);
            Assert.Equal("acme", attributes["tenant"].StringValue);
            Assert.Equal("prod", attributes["env"].StringValue);
            Assert.Equal("staging", Attributes(resource.Attributes)["deployment.environment"].StringValue);
        }

        // The pipeline without processors got the request as received.
        Assert.Equal(SpanCount, local["sink"].Spans.Count);
        foreach (var (resource, span) in local["sink"].Spans)
        {
            var attributes = Attributes(span.Attributes);
            Assert.Equal("jane@example.com", attributes["user.email"].StringValue);
            Assert.Equal("hunter2", attributes["password"].StringValue);
            Assert.Equal("42", attributes["order.id"].StringValue);
            Assert.False(attributes.ContainsKey("tenant"));
            Assert.False(attributes.ContainsKey("env"));
            Assert.False(attributes.ContainsKey("route"));
            var resourceAttributes = Attributes(resource.Attributes);
            Assert.False(resourceAttributes.ContainsKey("deployment.environment"));
            Assert.Equal("sdk-host", resourceAttributes["host.name"].StringValue);
        }
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
              grpc: {endpoint: 127.0.0.1:0, include_metadata: true}
              http: {endpoint: 127.0.0.1:0, include_metadata: true}
        processors:
          attributes:
            actions:
              - {key: tenant, from_context: metadata.x-tenant, action: insert}
              - {key: password, action: delete}
              - {key: user.email, action: hash}
              - {key: env, value: prod, action: upsert}
          attributes/spans:
            include: {match_type: regexp, span_names: ['^checkout']}
            actions:
              - {key: order.id, action: convert, converted_type: int}
              - {key: http.target, pattern: '^/(?P<route>[a-z]+)/', action: extract}
          resource:
            attributes:
              - {key: deployment.environment, value: staging, action: upsert}
              - {key: host.name, action: delete}
        exporters:
          otlp:
            endpoint: {{downstream}}
            tls: {insecure: true}
          sink:
        service:
          pipelines:
            traces/changed: {receivers: [otlp], processors: [attributes, attributes/spans, resource], exporters: [otlp]}
            traces/original: {receivers: [otlp], exporters: [sink]}
            logs: {receivers: [otlp], processors: [attributes, resource], exporters: [otlp]}
        """;

    private static Dictionary<string, AnyValue> Attributes(IEnumerable<KeyValue> attributes) => attributes.ToDictionary(kv => kv.Key, kv => kv.Value);

    private static void Target(OtlpExporterOptions options, TestCollector collector, OtlpExportProtocol protocol, string signal)
    {
        options.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? collector.GrpcUrl : $"{collector.HttpUrl}/v1/{signal}");
        options.Protocol = protocol;
        options.Headers = "x-tenant=acme";
    }

    private static ResourceBuilder SdkResource() => ResourceBuilder.CreateEmpty().AddService("e2e-sdk").AddAttributes([new("host.name", "sdk-host")]);

    private static void SendSpans(TestCollector a, OtlpExportProtocol protocol, string run)
    {
        var sourceName = "attributes." + run;
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(SdkResource())
            .AddSource(sourceName)
            .AddOtlpExporter(o => Target(o, a, protocol, "traces"))
            .Build();
        using var source = new ActivitySource(sourceName);
        for (int i = 0; i < SpanCount; i++)
        {
            using var activity = source.StartActivity($"checkout-{run}-{i}");
            Assert.NotNull(activity);
            activity.SetTag("user.email", "jane@example.com");
            activity.SetTag("password", "hunter2");
            activity.SetTag("order.id", "42");
            activity.SetTag("http.target", "/checkout/cart");
        }

        Assert.True(provider.ForceFlush(20_000), "the SDK could not export its spans");
    }

    private static void SendLogs(TestCollector a, OtlpExportProtocol protocol, string run)
    {
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(SdkResource());
            o.AddOtlpExporter(e => Target(e, a, protocol, "logs"));
        }));
        var logger = loggerFactory.CreateLogger("Attributes");
        for (int i = 0; i < LogCount; i++)
        {
#pragma warning disable CA2254 // one unique template per record, so each is recognisable downstream
            logger.LogInformation($"{run} record {i}");
#pragma warning restore CA2254
        }
    }
}
