using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Otlp.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests.Connectors;

/// <summary>
/// The .NET SDK sends spans (gRPC) and logs (HTTP) to collector A, whose traces and logs pipelines export to the
/// count connector; its metrics pipeline sends the counts by OTLP to collector B, which records them: B receives the
/// span counts by attribute and the default log record count, as delta monotonic sums under the reference's scope.
/// </summary>
public sealed class CountConnectorEndToEndTests
{
    private const int CheckoutGold = 4;
    private const int CheckoutFree = 5;
    private const int Other = 3;
    private const int LogCount = 7;

    [Fact]
    public async Task Spans_and_logs_from_the_sdk_are_counted_into_metrics_that_arrive_downstream()
    {
        var sinks = new SinkExporterFactory();
        await using var b = await TestCollector.StartAsync(Downstream, sinks);
        await using var a = await TestCollector.StartAsync(Upstream(new Uri(b.GrpcUrl).Authority));
        var run = Guid.NewGuid().ToString("N")[..8];

        SendSpans(a, run);
        SendLogs(a, run);

        var sink = sinks["sink"];
        await sink.WaitUntilAsync(
            s => Total(s, "checkout.spans") >= CheckoutGold + CheckoutFree && Total(s, "log.record.count") >= LogCount,
            () => $"B has {sink.MetricRequests.Count} metrics requests\n{a.Logs.TextOf("exporter/otlp")}");

        Assert.Equal(CheckoutGold + CheckoutFree, Total(sink, "checkout.spans"));
        Assert.Equal(LogCount, Total(sink, "log.record.count"));
        var byTier = Points(sink, "checkout.spans").GroupBy(p => p.Attributes.Single(kv => kv.Key == "tier").Value.StringValue).ToDictionary(g => g.Key, g => g.Sum(p => p.AsInt));
        Assert.Equal(new Dictionary<string, long> { ["gold"] = CheckoutGold, ["free"] = CheckoutFree }, byTier);

        foreach (var request in sink.MetricRequests)
        {
            foreach (var resource in request.ResourceMetrics)
            {
                Assert.Contains(resource.Resource.Attributes, kv => kv.Key == "service.name" && kv.Value.StringValue == "e2e-count");
                var scope = Assert.Single(resource.ScopeMetrics);
                Assert.Equal("github.com/open-telemetry/opentelemetry-collector-contrib/connector/countconnector", scope.Scope.Name);
                Assert.All(scope.Metrics, m =>
                {
                    Assert.True(m.Sum.IsMonotonic);
                    Assert.Equal(AggregationTemporality.Delta, m.Sum.AggregationTemporality);
                });
            }
        }

        // The span event default is kept (spanevents is not written) but the SDK's spans have no events: no such metric.
        Assert.Empty(Points(sink, "trace.span.event.count"));
    }

    private const string Downstream = """
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:0}
        exporters:
          sink:
        service:
          pipelines:
            metrics: {receivers: [otlp], exporters: [sink]}
        """;

    private static string Upstream(string downstream) => $$"""
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:0}
              http: {endpoint: 127.0.0.1:0}
        connectors:
          count:
            spans:
              checkout.spans:
                description: Checkout spans by tier
                conditions: ['IsMatch(name, "^checkout")']
                attributes: [{key: tier, default_value: free}]
        exporters:
          otlp:
            endpoint: {{downstream}}
            tls: {insecure: true}
        service:
          pipelines:
            traces: {receivers: [otlp], exporters: [count]}
            logs: {receivers: [otlp], exporters: [count]}
            metrics/counts: {receivers: [count], exporters: [otlp]}
        """;

    private static IEnumerable<NumberDataPoint> Points(SinkExporter sink, string metric)
        => sink.MetricRequests.SelectMany(r => r.ResourceMetrics).SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).Where(m => m.Name == metric).SelectMany(m => m.Sum.DataPoints);

    private static long Total(SinkExporter sink, string metric) => Points(sink, metric).Sum(p => p.AsInt);

    private static ResourceBuilder SdkResource() => ResourceBuilder.CreateEmpty().AddService("e2e-count");

    private static void SendSpans(TestCollector a, string run)
    {
        var sourceName = "count." + run;
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(SdkResource())
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(a.GrpcUrl);
                o.Protocol = OtlpExportProtocol.Grpc;
            })
            .Build();
        using var source = new ActivitySource(sourceName);
        for (int i = 0; i < CheckoutGold + CheckoutFree + Other; i++)
        {
            using var activity = source.StartActivity(i < CheckoutGold + CheckoutFree ? $"checkout-{i}" : $"browse-{i}");
            Assert.NotNull(activity);
            if (i < CheckoutGold)
            {
                activity.SetTag("tier", "gold");
            }
        }

        Assert.True(provider.ForceFlush(20_000), "the SDK could not export its spans");
    }

    private static void SendLogs(TestCollector a, string run)
    {
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(SdkResource());
            o.AddOtlpExporter(e =>
            {
                e.Endpoint = new Uri($"{a.HttpUrl}/v1/logs");
                e.Protocol = OtlpExportProtocol.HttpProtobuf;
            });
        }));
        var logger = loggerFactory.CreateLogger("Count");
        for (int i = 0; i < LogCount; i++)
        {
#pragma warning disable CA2254 // one unique template per record
            logger.LogInformation($"{run} record {i}");
#pragma warning restore CA2254
        }
    }
}
