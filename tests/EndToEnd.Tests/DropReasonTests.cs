using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>
/// Why data was turned away reaches :8888 as the same counts the reference reports, broken down by
/// <c>reason</c>: a downstream that is down (retries exhausted) and a memory limiter above its soft limit.
/// </summary>
public sealed class DropReasonTests
{
    private const string Spans = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"a"},{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","name":"b"}]}]}]}""";

    [Fact]
    public async Task A_downstream_that_is_down_shows_as_retries_exhausted_at_the_exporter_and_at_the_receiver()
    {
        int port = Forwarding.Forwarding.ReservePort();
        await using var collector = await TestCollector.StartAsync($$"""
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: 127.0.0.1:0
            exporters:
              otlp:
                endpoint: 127.0.0.1:{{port}}
                tls: {insecure: true}
                sending_queue: {enabled: false}
                retry_on_failure: {enabled: false}
            service:
              telemetry:
                metrics:
                  readers:
                    - pull:
                        exporter:
                          prometheus: {host: 127.0.0.1, port: 0}
              pipelines:
                traces: {receivers: [otlp], exporters: [otlp]}
            """);
        using var http = new HttpClient();

        using var response = await http.PostAsync(collector.HttpUrl + "/v1/traces", new StringContent(Spans, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var metrics = await http.GetStringAsync(collector.TelemetryUrl + "/metrics");
        Assert.Contains("otelcol_exporter_send_failed_spans{exporter=\"otlp\"} 2\n", metrics);
        Assert.Contains("minicollector_exporter_send_failed_spans{exporter=\"otlp\",reason=\"retries_exhausted\"} 2\n", metrics);
        Assert.Contains("otelcol_receiver_refused_spans{receiver=\"otlp\",transport=\"http\"} 2\n", metrics);
        Assert.Contains("minicollector_receiver_refused_spans{reason=\"retries_exhausted\",receiver=\"otlp\",transport=\"http\"} 2\n", metrics);
        Promtool.AssertParses(metrics);
    }

    [Fact]
    public async Task A_memory_limiter_above_its_soft_limit_says_so_and_counts_the_requests_it_refused_unread()
    {
        // A soft limit of 1 MiB: any managed heap is above it, so the limiter refuses from its first check.
        await using var collector = await TestCollector.StartAsync("""
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: 127.0.0.1:0
            processors:
              memory_limiter:
                check_interval: 1h
                limit_mib: 2
                spike_limit_mib: 1
            exporters:
              nop:
            service:
              telemetry:
                metrics:
                  readers:
                    - pull: {exporter: {prometheus: {host: 127.0.0.1, port: 0}}}
              pipelines:
                traces: {receivers: [otlp], processors: [memory_limiter], exporters: [nop]}
            """);
        using var http = new HttpClient();

        for (int i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync(collector.HttpUrl + "/v1/traces", new StringContent(Spans, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        var metrics = await http.GetStringAsync(collector.TelemetryUrl + "/metrics");
        Assert.Contains("minicollector_processor_memory_limiter_refusing{processor=\"memory_limiter\"} 1\n", metrics);
        Assert.Contains("minicollector_processor_memory_limiter_refused_requests{processor=\"memory_limiter\"} 3\n", metrics);
        Assert.Equal(1 << 20, Value(metrics, "minicollector_processor_memory_limiter_soft_limit_bytes"));
        Assert.Equal(2 << 20, Value(metrics, "minicollector_processor_memory_limiter_hard_limit_bytes"));
        Assert.True(Value(metrics, "minicollector_processor_memory_limiter_heap_bytes") >= 1 << 20, metrics);

        // Refused before the body was read: no item was counted anywhere.
        Assert.Contains("otelcol_receiver_refused_spans{receiver=\"otlp\",transport=\"http\"} 0\n", metrics);
        Assert.DoesNotContain("minicollector_receiver_refused_spans", metrics);
    }

    private static double Value(string exposition, string name)
    {
        var match = Regex.Match(exposition, $"^{name}\\{{processor=\"memory_limiter\"\\}} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} not found in:\n{exposition}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
