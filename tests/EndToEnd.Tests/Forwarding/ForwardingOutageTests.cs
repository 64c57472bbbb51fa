using System.Diagnostics;
using System.Net;
using MiniCollector.EndToEnd.Tests.TestSupport;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Forwarding;

/// <summary>
/// Collector B is down for ten seconds while clients keep sending to A: A answers them (the data waits in its
/// sending queues, retried with backoff) and once B starts on the port A was told about, every item arrives there
/// exactly once, through the gRPC and the HTTP exporter alike.
/// </summary>
public sealed class ForwardingOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Items_sent_while_B_is_down_for_ten_seconds_all_arrive_exactly_once_after_it_starts()
    {
        var grpcPort = ReservePort();
        var httpPort = ReservePort();
        var exporters = GrpcExporter($"127.0.0.1:{grpcPort}") + "\n" + HttpExporter($"http://127.0.0.1:{httpPort}");
        await using var a = await TestCollector.StartAsync(UpstreamConfig(exporters, "otlp, otlphttp", batch: true));
        var down = Stopwatch.StartNew();

        var spans = new List<string>();
        var logs = new List<string>();
        var metrics = new List<string>();
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            // A bounded loop spread over a good part of the outage.
            for (int round = 0; round < 25; round++)
            {
                var roundSpans = Enumerable.Range(0, 5).Select(i => $"outage-span-{round}-{i}").ToList();
                var roundLogs = Enumerable.Range(0, 4).Select(i => $"outage-log-{round}-{i}").ToList();
                var roundMetrics = Enumerable.Range(0, 2).Select(i => $"outage.metric.{round}.{i}").ToList();
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, a.HttpUrl, "traces", Spans(roundSpans))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, a.HttpUrl, "logs", Logs(roundLogs))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, a.HttpUrl, "metrics", Metrics(roundMetrics))).StatusCode);
                spans.AddRange(roundSpans);
                logs.AddRange(roundLogs);
                metrics.AddRange(roundMetrics);
                await Task.Delay(200);
            }
        }

        var total = spans.Count + logs.Count + metrics.Count;
        var grpc = Exporter(a, "otlp");
        var http = Exporter(a, "otlphttp");
        await WaitUntilAsync(
            () => a.Logs.TextOf("exporter/otlp").Contains("will retry", StringComparison.Ordinal) && a.Logs.TextOf("exporter/otlphttp").Contains("will retry", StringComparison.Ordinal),
            () => "both exporters should be retrying while B is down");

        var remaining = Outage - down.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }

        // Nothing got through, and nothing was given up on, while B was down.
        Assert.Equal(0, grpc.Queue.Counters.SentItems);
        Assert.Equal(0, http.Queue.Counters.SentItems);
        Assert.Equal(0, grpc.Queue.Counters.SendFailedItems + http.Queue.Counters.SendFailedItems);

        var viaGrpc = new CountingExporterFactory();
        var viaHttp = new CountingExporterFactory();
        await using var bGrpc = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{grpcPort}"), viaGrpc);
        await using var bHttp = await TestCollector.StartAsync(DownstreamConfig(httpEndpoint: $"127.0.0.1:{httpPort}"), viaHttp);

        await WaitUntilAsync(
            () => grpc.Queue.Counters.SentItems >= total && http.Queue.Counters.SentItems >= total,
            () => $"after B started: otlp sent {grpc.Queue.Counters.SentItems}, otlphttp sent {http.Queue.Counters.SentItems} of {total}");
        AssertEachArrivedOnce(viaGrpc.Instance, spans, logs, metrics);
        AssertEachArrivedOnce(viaHttp.Instance, spans, logs, metrics);
        Assert.Equal(total, grpc.Queue.Counters.SentItems);
        Assert.Equal(total, http.Queue.Counters.SentItems);
        Assert.Equal(0, grpc.Queue.Counters.SendFailedItems + http.Queue.Counters.SendFailedItems);
    }
}
