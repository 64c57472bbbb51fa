using System.Net;
using System.Text;
using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>
/// Seed 000 (Optuna dashboard → collector → Prometheus → Grafana): its collector config, unchanged but for the host
/// (127.0.0.1 instead of otel-collector), runs as the real executable; metrics posted over OTLP/HTTP to 4318 appear
/// on :8889 as Prometheus scrapes them. It uses the config's fixed ports, so it needs 4318 and 8889 free.
/// </summary>
public sealed class OptunaFlowTests
{
    [Fact]
    public async Task The_seed_config_runs_unchanged_and_posted_metrics_appear_on_8889()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Configs", "seed000-optuna.yaml");
        using var process = CollectorProcess.Start(AppContext.BaseDirectory, "--config", config);
        await process.WaitForOutputAsync("Everything is ready");
        Assert.Contains("Serving Prometheus metrics on http://0.0.0.0:8889/metrics", process.Output);

        // What the Python SDK's OTLPMetricExporter(endpoint="http://localhost:4318/v1/metrics") sends, as OTLP/JSON.
        const string body = """
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"optuna-dashboard"}}]},
              "scopeMetrics":[{"scope":{"name":"opentelemetry.instrumentation.wsgi","version":"0.48b0"},"metrics":[
                {"name":"http.server.duration","unit":"ms","description":"Duration of HTTP server requests.",
                 "histogram":{"aggregationTemporality":2,"dataPoints":[{"startTimeUnixNano":"1700000000000000000","timeUnixNano":"1700000005000000000",
                   "count":"3","sum":42.5,"bucketCounts":["1","2","0"],"explicitBounds":[10,50],
                   "attributes":[{"key":"http.method","value":{"stringValue":"GET"}},{"key":"http.status_code","value":{"intValue":"200"}}]}]}},
                {"name":"http.server.active_requests","unit":"{request}","sum":{"aggregationTemporality":2,"isMonotonic":false,
                 "dataPoints":[{"asInt":"1","timeUnixNano":"1700000005000000000"}]}}]}]}]}
            """;
        using var http = new HttpClient();
        var posted = await http.PostAsync("http://127.0.0.1:4318/v1/metrics", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        string scraped = string.Empty;
        for (int i = 0; i < 100 && !scraped.Contains("http_server_duration_milliseconds_count", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            scraped = await http.GetStringAsync("http://127.0.0.1:8889/metrics");
        }

        Assert.Contains("http_server_duration_milliseconds_bucket{http_method=\"GET\",http_status_code=\"200\",job=\"optuna-dashboard\",otel_scope_name=\"opentelemetry.instrumentation.wsgi\",otel_scope_version=\"0.48b0\",le=\"10\"} 1", scraped);
        Assert.Contains("http_server_duration_milliseconds_count{http_method=\"GET\",http_status_code=\"200\",job=\"optuna-dashboard\",otel_scope_name=\"opentelemetry.instrumentation.wsgi\",otel_scope_version=\"0.48b0\"} 3", scraped);
        Assert.Contains("http_server_active_requests{job=\"optuna-dashboard\",otel_scope_name=\"opentelemetry.instrumentation.wsgi\",otel_scope_version=\"0.48b0\"} 1", scraped);
        Promtool.AssertParses(scraped);

        process.Terminate();
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
