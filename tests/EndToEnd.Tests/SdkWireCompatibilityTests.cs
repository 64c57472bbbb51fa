using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Endpoints;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Payload;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>
/// Proves our .proto files match what the OpenTelemetry .NET SDK puts on the wire: its raw request bodies decode
/// into our model with no field left unknown (generated equality includes unknown fields, and a round trip
/// through our JSON codec drops them, so any field our .proto lacks makes the two differ), and the wire-scan item
/// counts agree with the model. Sizes are not compared: the SDK pads length prefixes, so its encoding is longer
/// than the canonical one.
/// </summary>
public sealed class SdkWireCompatibilityTests
{
    [Fact]
    public async Task Every_field_the_sdk_sends_is_known_to_our_model()
    {
        var bodies = new ConcurrentDictionary<string, byte[]>();
        await using var sink = await HttpEndpointServer.StartAsync("sink", "http", "127.0.0.1:0", HttpProtocols.Http1, async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            bodies[context.Request.Path.Value!] = buffer.ToArray();
        }, NullLoggerFactory.Instance);
        var url = sink.Endpoints[0].Url;
        var resource = ResourceBuilder.CreateDefault().AddService("wire-test", serviceNamespace: "e2e", serviceVersion: "1.2.3", serviceInstanceId: "i-1");

        var name = "wire." + Guid.NewGuid().ToString("N");
        using (var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(name).AddOtlpExporter(o =>
        {
            Http(o, url + "/v1/traces");

            // One request with both spans, sent by ForceFlush.
            o.ExportProcessorType = ExportProcessorType.Batch;
        }).Build())
        {
            using var source = new ActivitySource(name, "9.9");
            using (var parent = source.StartActivity("parent", ActivityKind.Producer, default(ActivityContext), [new("s", "v"), new("i", 1L), new("d", 2.5), new("b", true), new("arr", new[] { "x", "y" })]))
            {
                parent!.AddEvent(new ActivityEvent("evt", tags: [new("k", "v")]));
                parent.AddLink(new ActivityLink(new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "a=b"), [new("link.attr", 1L)]));
                parent.SetStatus(ActivityStatusCode.Error, "boom");
                parent.TraceStateString = "vendor=1";
                using var child = source.StartActivity("child", ActivityKind.Consumer);
            }

            tracing.ForceFlush(10_000);
        }

        using (var metering = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(name)
            .AddView("exp.hist", new Base2ExponentialBucketHistogramConfiguration())
            .AddOtlpExporter((o, r) =>
            {
                Http(o, url + "/v1/metrics");
                r.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            }).Build())
        {
            using var meter = new Meter(name, "1.0");
            meter.CreateCounter<long>("c", "By").Add(3, new KeyValuePair<string, object?>("k", "v"));
            meter.CreateUpDownCounter<double>("u").Add(-1.5);
            meter.CreateHistogram<double>("h", "ms").Record(7);
            meter.CreateHistogram<double>("exp.hist").Record(3);
            meter.CreateObservableGauge("g", () => 4.25);
            metering.ForceFlush(10_000);
        }

        using (var logging = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.IncludeScopes = true;
            o.AddOtlpExporter(e => Http(e, url + "/v1/logs"));
        })))
        {
            var logger = logging.CreateLogger("wire");
            using (logger.BeginScope(new Dictionary<string, object> { ["scope.key"] = "scoped" }))
            {
                using var activity = new ActivitySource(name).StartActivity("with-log");
                logger.LogError(new InvalidOperationException("bad"), "Failed {What}", "thing");
            }
        }

        var traces = ExportTraceServiceRequest.Parser.ParseFrom(bodies["/v1/traces"]);
        var metrics = ExportMetricsServiceRequest.Parser.ParseFrom(bodies["/v1/metrics"]);
        var logs = ExportLogsServiceRequest.Parser.ParseFrom(bodies["/v1/logs"]);

        AssertFullyKnown(traces, bodies["/v1/traces"], m => OtlpJsonReader.ReadTraces(OtlpJsonWriter.ToUtf8Bytes(m)));
        AssertFullyKnown(metrics, bodies["/v1/metrics"], m => OtlpJsonReader.ReadMetrics(OtlpJsonWriter.ToUtf8Bytes(m)));
        AssertFullyKnown(logs, bodies["/v1/logs"], m => OtlpJsonReader.ReadLogs(OtlpJsonWriter.ToUtf8Bytes(m)));

        Assert.Equal(TracesKind.Instance.CountItems(traces), TracesKind.Instance.CountItems(bodies["/v1/traces"]));
        Assert.Equal(MetricsKind.Instance.CountItems(metrics), MetricsKind.Instance.CountItems(bodies["/v1/metrics"]));
        Assert.Equal(LogsKind.Instance.CountItems(logs), LogsKind.Instance.CountItems(bodies["/v1/logs"]));

        var spans = traces.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).ToList();
        var parentSpan = spans.Single(s => s.Name == "parent");
        Assert.Equal(16, parentSpan.TraceId.Length);
        Assert.Equal("boom", parentSpan.Status.Message);
        Assert.Single(parentSpan.Links);
        Assert.Equal(spans.Single(s => s.Name == "child").ParentSpanId, parentSpan.SpanId);
        Assert.Contains(metrics.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics), m => m.ExponentialHistogram is not null);
        Assert.Equal("Failed {What}", logs.ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body.StringValue);
    }

    private static void AssertFullyKnown<T>(T decoded, byte[] wire, Func<T, T> throughJson)
        where T : IMessage<T>
    {
        Assert.NotEmpty(wire);
        Assert.Equal(decoded, throughJson(decoded));
    }

    private static void Http(OtlpExporterOptions options, string endpoint)
    {
        options.Endpoint = new Uri(endpoint);
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.ExportProcessorType = ExportProcessorType.Simple;
    }
}
