using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Forwarding;

/// <summary>
/// SDK → collector A (otlp receiver → batch → OTLP exporter) → collector B (otlp receiver → counting exporter):
/// every span, log record and metric point the OpenTelemetry .NET SDK sends arrives at B exactly once, whichever
/// exporter (otlp over gRPC, otlphttp with protobuf or JSON, or their newer alias names) and SDK protocol is used.
/// </summary>
public sealed class ForwardingChainTests
{
    private const int SpanCount = 60;
    private const int LogCount = 40;
    private const int MetricCount = 15;

    public enum Via
    {
        Otlp,
        OtlpHttpProto,
        OtlpHttpJson,
        OtlpGrpcAlias,
        OtlpHttpAlias,
    }

    [Theory]
    [InlineData(Via.Otlp, OtlpExportProtocol.Grpc)]
    [InlineData(Via.Otlp, OtlpExportProtocol.HttpProtobuf)]
    [InlineData(Via.OtlpHttpProto, OtlpExportProtocol.Grpc)]
    [InlineData(Via.OtlpHttpProto, OtlpExportProtocol.HttpProtobuf)]
    [InlineData(Via.OtlpHttpJson, OtlpExportProtocol.HttpProtobuf)]
    [InlineData(Via.OtlpHttpJson, OtlpExportProtocol.Grpc)]
    [InlineData(Via.OtlpGrpcAlias, OtlpExportProtocol.Grpc)]
    [InlineData(Via.OtlpHttpAlias, OtlpExportProtocol.HttpProtobuf)]
    public async Task Everything_the_sdk_sends_to_A_arrives_at_B_exactly_once(Via via, OtlpExportProtocol protocol)
    {
        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(), counting);
        var (section, id) = via switch
        {
            Via.Otlp => (GrpcExporter(HostPort(b.GrpcUrl)), "otlp"),
            Via.OtlpGrpcAlias => (GrpcExporter(HostPort(b.GrpcUrl), type: "otlp_grpc"), "otlp_grpc"),
            Via.OtlpHttpProto => (HttpExporter(b.HttpUrl, "proto"), "otlphttp"),
            Via.OtlpHttpJson => (HttpExporter(b.HttpUrl, "json"), "otlphttp"),
            _ => (HttpExporter(b.HttpUrl, "proto", type: "otlp_http"), "otlp_http"),
        };
        await using var a = await TestCollector.StartAsync(UpstreamConfig(section, id, batch: true));

        var run = Guid.NewGuid().ToString("N")[..8];
        var spans = Enumerable.Range(0, SpanCount).Select(i => $"span-{run}-{i}").ToList();
        var logs = Enumerable.Range(0, LogCount).Select(i => $"log-{run}-{i}").ToList();
        var metrics = Enumerable.Range(0, MetricCount).Select(i => $"metric.{run}.{i}").ToList();

        SendSpans(a, protocol, spans);
        SendLogs(a, protocol, logs);
        SendMetrics(a, protocol, metrics);

        var exporter = Exporter(a, id);
        const int total = SpanCount + LogCount + MetricCount;

        // A counts an item sent once B has answered for it; by then B's counting exporter has seen it.
        await WaitUntilAsync(
            () => exporter.Queue.Counters.SentItems >= total,
            () => $"A sent {exporter.Queue.Counters.SentItems} of {total} items; B saw {counting.Instance.Total}\n{a.Logs.TextOf("exporter/" + id)}");
        AssertEachArrivedOnce(counting.Instance, spans, logs, metrics);
        Assert.Equal(total, exporter.Queue.Counters.SentItems);
        Assert.Equal(0, exporter.Queue.Counters.SendFailedItems);
        Assert.Equal(0, exporter.Queue.Counters.EnqueueFailedItems);

        if (via is Via.OtlpGrpcAlias or Via.OtlpHttpAlias)
        {
            var notices = a.Logs.TextOf("service");
            Assert.Contains($"\"{id}\"", notices);
            Assert.Contains(id == "otlp_grpc" ? "\"otlp\"" : "\"otlphttp\"", notices);
        }
    }

    /// <summary>
    /// <c>otlp_grpc</c> and <c>otlp_http</c> are the reference collector's current names (renamed in v0.144.0; the old
    /// <c>otlp</c> / <c>otlphttp</c> became the aliases), so the notice must not call them older names.
    /// </summary>
    [Theory]
    [InlineData("otlp_grpc", "endpoint: b:4317")]
    [InlineData("otlp_http", "endpoint: http://b:4318")]
    public void The_alias_notice_does_not_call_the_reference_collectors_current_names_old(string type, string settings)
    {
        var path = Path.Combine(Path.GetTempPath(), $"minicollector-alias-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: 127.0.0.1:0
            exporters:
              {type}:
                {settings}
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  exporters: [{type}]
            """);
        try
        {
            var config = ConfigLoader.Load([path], [], BuiltinComponents.CreateRegistry());

            var notice = Assert.Single(config.Notices);
            Assert.Contains($"\"{type}\"", notice);
            Assert.DoesNotContain("older name", notice);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Target(OtlpExporterOptions options, TestCollector collector, OtlpExportProtocol protocol, string signal)
    {
        // The SDK appends nothing to an endpoint set in code: gRPC takes the server's base URL, HTTP the full path.
        options.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? collector.GrpcUrl : $"{collector.HttpUrl}/v1/{signal}");
        options.Protocol = protocol;
    }

    private static void SendSpans(TestCollector a, OtlpExportProtocol protocol, IReadOnlyList<string> names)
    {
        var sourceName = "forwarding." + Guid.NewGuid().ToString("N");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("forwarding-sdk"))
            .AddSource(sourceName)
            .AddOtlpExporter(o => Target(o, a, protocol, "traces"))
            .Build();
        using var source = new ActivitySource(sourceName);
        foreach (var name in names)
        {
            using var activity = source.StartActivity(name);
            Assert.NotNull(activity);
        }

        Assert.True(provider.ForceFlush(20_000), "the SDK could not export its spans to A");
    }

    private static void SendLogs(TestCollector a, OtlpExportProtocol protocol, IReadOnlyList<string> bodies)
    {
        // Disposing the factory flushes the SDK's batch of log records.
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("forwarding-sdk"));
            o.AddOtlpExporter(e => Target(e, a, protocol, "logs"));
        }));
        var logger = loggerFactory.CreateLogger("Forwarding");
        foreach (var body in bodies)
        {
            // The body is the message template: one unique, constant-free template per record.
#pragma warning disable CA2254
            logger.LogInformation(body);
#pragma warning restore CA2254
        }
    }

    private static void SendMetrics(TestCollector a, OtlpExportProtocol protocol, IReadOnlyList<string> names)
    {
        var meterName = "forwarding." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);

        // No periodic export and no ForceFlush: the single export happens when the provider is disposed, so each
        // counter reaches A as exactly one point.
        using var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("forwarding-sdk"))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                Target(o, a, protocol, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build();
        foreach (var name in names)
        {
            meter.CreateCounter<long>(name).Add(1);
        }
    }
}
