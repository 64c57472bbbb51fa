using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Endpoints;
using MiniCollector.Exposition;
using static MiniCollector.Pipeline.Tests.Exposition.Expo;

namespace MiniCollector.Pipeline.Tests.Exposition;

/// <summary>
/// The writers judged by the real thing: a Prometheus server scrapes the rich exposition in each format (and once
/// through Accept negotiation), and what it stored is read back through its query API. This is the OpenMetrics and
/// protobuf counterpart of the promtool check, which only reads the text format.
/// </summary>
public class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_ingests_every_format_with_labels_exemplars_and_native_histograms_intact()
    {
        var families = RichFamilies();
        var negotiated = new ConcurrentQueue<(string Accept, ExpositionFormat Format)>();
        await using var target = await HttpEndpointServer.StartAsync("scrape-target", "http", "127.0.0.1:0", HttpProtocols.Http1, async context =>
        {
            ExpositionFormat format;
            switch (context.Request.Path.Value)
            {
                case "/text":
                    format = ExpositionFormat.PrometheusText;
                    break;
                case "/om":
                    format = ExpositionFormat.OpenMetrics;
                    break;
                case "/pb":
                    format = ExpositionFormat.Protobuf;
                    break;
                default:
                    var accept = context.Request.Headers.Accept.ToString();
                    format = ExpositionFormats.Negotiate(accept, openMetricsEnabled: true);
                    negotiated.Enqueue((accept, format));
                    break;
            }

            // Straight into Kestrel's PipeWriter, as the exporter will do.
            context.Response.ContentType = format.ContentType();
            format.Write(context.Response.BodyWriter, families);
            await context.Response.BodyWriter.FlushAsync();
        }, NullLoggerFactory.Instance);

        var address = target.Endpoints[0].Address;
        await using var prometheus = PrometheusServer.Start(
            [("txt", address, "/text"), ("om", address, "/om"), ("pb", address, "/pb"), ("negotiated", address, "/metrics")],
            honorLabels: false,
            "native-histograms",
            "exemplar-storage");
        await prometheus.WaitForHealthyTargetsAsync(4);

        // With native histograms on, Prometheus asks for protobuf first and gets it.
        Assert.Contains(negotiated, n => n.Format == ExpositionFormat.Protobuf);
        Assert.All(negotiated, n => Assert.Equal(ExpositionFormat.Protobuf, n.Format));

        foreach (var job in new[] { "txt", "om", "pb", "negotiated" })
        {
            // Label values with quotes, backslashes and new lines arrive exactly as they were.
            var requests = await prometheus.QueryAsync($"minicollector_http_requests_total{{job=\"{job}\"}}");
            Assert.Equal(12, requests.GetArrayLength());
            Assert.All(requests.EnumerateArray(), r =>
                Assert.Equal("/api/v1/\"quoted\"\\path\nnext", r.GetProperty("metric").GetProperty("path").GetString()));
            Assert.Equal("4404", Value(await prometheus.QueryAsync($"minicollector_http_requests_total{{job=\"{job}\",method=\"POST\",code=\"404\"}}")));

            Assert.Equal("NaN", Value(await prometheus.QueryAsync($"minicollector_temperature_celsius{{job=\"{job}\",sensor=\"nan\"}}")));
            Assert.Equal("-Inf", Value(await prometheus.QueryAsync($"minicollector_temperature_celsius{{job=\"{job}\",sensor=\"cold\"}}")));
            Assert.Equal("0", Value(await prometheus.QueryAsync($"minicollector_temperature_celsius{{job=\"{job}\",sensor=\"tab\\tand\\rreturn\"}}")));
            Assert.Equal("36", Value(await prometheus.QueryAsync($"minicollector_request_duration_seconds_bucket{{job=\"{job}\",route=\"/a\",le=\"+Inf\"}}")));
            Assert.Equal("4773", Value(await prometheus.QueryAsync($"minicollector_rpc_duration_seconds{{job=\"{job}\",service=\"auth\",quantile=\"0.5\"}}")));
        }

        // le values keep the Go client's spelling in text and protobuf, and the canonical one in OpenMetrics.
        Assert.Equal("24", Value(await prometheus.QueryAsync("minicollector_request_duration_seconds_bucket{job=\"txt\",route=\"/a\",le=\"1\"}")));
        Assert.Equal("24", Value(await prometheus.QueryAsync("minicollector_request_duration_seconds_bucket{job=\"om\",route=\"/a\",le=\"1.0\"}")));
        Assert.Equal("36", Value(await prometheus.QueryAsync("minicollector_request_duration_seconds_bucket{job=\"om\",route=\"/a\",le=\"1e+06\"}")));

        // Native histograms only come through protobuf; the text formats carry their classic count and sum.
        foreach (var job in new[] { "pb", "negotiated" })
        {
            Assert.Equal("15", Value(await prometheus.QueryAsync($"histogram_count(minicollector_request_size_bytes{{job=\"{job}\",route=\"/native\"}})")));
            Assert.Equal("12.5", Value(await prometheus.QueryAsync($"histogram_sum(minicollector_request_size_bytes{{job=\"{job}\",route=\"/native\"}})")));
            Assert.Equal("0", Value(await prometheus.QueryAsync($"histogram_count(minicollector_request_size_bytes{{job=\"{job}\",route=\"/empty\"}})")));
        }

        Assert.Equal("15", Value(await prometheus.QueryAsync("minicollector_request_size_bytes_count{job=\"om\",route=\"/native\"}")));
        Assert.Equal("15", Value(await prometheus.QueryAsync("minicollector_request_size_bytes_count{job=\"txt\",route=\"/native\"}")));

        // Exemplars travel in OpenMetrics and protobuf, with their labels and timestamps.
        foreach (var job in new[] { "om", "pb" })
        {
            var exemplars = await prometheus.QueryExemplarsAsync($"minicollector_http_requests_total{{job=\"{job}\"}}");
            var first = exemplars.EnumerateArray().SelectMany(s => s.GetProperty("exemplars").EnumerateArray()).FirstOrDefault();
            Assert.True(first.ValueKind == JsonValueKind.Object, $"no exemplars stored for job {job}: {exemplars}");
            Assert.Equal(TraceId, first.GetProperty("labels").GetProperty("trace_id").GetString());
            Assert.Equal("ünïcödé ✓", first.GetProperty("labels").GetProperty("user").GetString());
            Assert.Equal(1700000100.5, first.GetProperty("timestamp").GetDouble());
        }
    }

    private static string Value(JsonElement result)
    {
        Assert.True(result.GetArrayLength() == 1, $"expected one series, got {result}");
        return result[0].GetProperty("value")[1].GetString()!;
    }
}
