using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests.Connectors;

/// <summary>
/// The spanmetrics flow as Jaeger's Monitor tab and Grafana dashboards use it: the OpenTelemetry .NET SDK sends
/// traces; otlp receiver → traces pipeline → spanmetrics connector → metrics pipeline → prometheus exporter; a real
/// Prometheus scrapes it and answers the PromQL those tools run, with the names they expect.
/// </summary>
public sealed class SpanMetricsEndToEndTests
{
    private const string Service = "checkout-e2e";

    // Every span lasts 30 ms: all of them fall in the default (10 ms, 50 ms] bucket.
    private static readonly TimeSpan SpanDuration = TimeSpan.FromMilliseconds(30);

    private const string Config = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        connectors:
          spanmetrics:
            metrics_flush_interval: 1s
        exporters:
          prometheus:
            endpoint: 127.0.0.1:0
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [spanmetrics]
            metrics:
              receivers: [spanmetrics]
              exporters: [prometheus]
        """;

    [Fact]
    public async Task Sdk_spans_become_the_rate_error_and_latency_series_jaeger_and_grafana_query()
    {
        await using var collector = await TestCollector.StartAsync(Config);
        await using var prometheus = PrometheusServer.Start([("minicollector", collector.PrometheusAddress, "/metrics")], honorLabels: true);
        await prometheus.WaitForHealthyTargetsAsync(1);
        var source = "e2e.spanmetrics." + Guid.NewGuid().ToString("N");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(Service))
            .AddSource(source)
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.Grpc;
                o.Endpoint = new Uri(collector.GrpcUrl);
            })
            .Build();
        using var activities = new ActivitySource(source);

        // Two rounds, so Prometheus holds two samples of each counter and rate() has an increase to see.
        SendSpans(activities, provider);
        var calls = await prometheus.QueryUntilAsync($"traces_span_metrics_calls_total{{service_name=\"{Service}\",status_code=\"STATUS_CODE_UNSET\"}}");
        SendSpans(activities, provider);

        var series = Assert.Single(calls.EnumerateArray()).GetProperty("metric");
        Assert.Equal("GET /cart", series.GetProperty("span_name").GetString());
        Assert.Equal("SPAN_KIND_SERVER", series.GetProperty("span_kind").GetString());

        var rate = await prometheus.QueryUntilAsync($"rate(traces_span_metrics_calls_total{{service_name=\"{Service}\"}}[1m]) > 0");
        Assert.NotEmpty(rate.EnumerateArray());

        // Jaeger SPM's latency query (its Prometheus metrics store with normalize_duration), and a Grafana panel's.
        double p95 = Value(await prometheus.QueryUntilAsync(
            $"histogram_quantile(0.95, sum by (service_name, le) (rate(traces_span_metrics_duration_milliseconds_bucket{{service_name=~\"{Service}\", span_kind=~\"SPAN_KIND_SERVER\"}}[1m]))) > 0"));
        Assert.InRange(p95, 10, 50);
        double grafana = Value(await prometheus.QueryUntilAsync(
            $"histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_milliseconds_bucket{{service_name=\"{Service}\"}}[1m]))) > 0"));
        Assert.InRange(grafana, 10, 50);

        // Jaeger SPM's error rate: error calls over all calls of the service's server spans; one span in five failed.
        double errorRate = Value(await prometheus.QueryUntilAsync(
            $"sum(rate(traces_span_metrics_calls_total{{service_name=~\"{Service}\", status_code=\"STATUS_CODE_ERROR\", span_kind=~\"SPAN_KIND_SERVER\"}}[1m])) by (service_name)"
            + $" / sum(rate(traces_span_metrics_calls_total{{service_name=~\"{Service}\", span_kind=~\"SPAN_KIND_SERVER\"}}[1m])) by (service_name) > 0"));
        Assert.Equal(0.2, errorRate, 6);
    }

    // 20 server spans of 30 ms, 4 of them failed, exported and flushed by the SDK.
    private static void SendSpans(ActivitySource activities, TracerProvider provider)
    {
        for (int i = 0; i < 20; i++)
        {
            var start = DateTimeOffset.UtcNow - SpanDuration;
            using var activity = activities.StartActivity("GET /cart", ActivityKind.Server, default(ActivityContext), startTime: start);
            Assert.NotNull(activity);
            if (i % 5 == 0)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }

            activity.SetEndTime(start.UtcDateTime + SpanDuration);
        }

        Assert.True(provider.ForceFlush(10_000));
    }

    private static double Value(JsonElement result)
        => double.Parse(Assert.Single(result.EnumerateArray()).GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
}
