using System.Net;
using MiniCollector.EndToEnd.Tests.TestSupport;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Forwarding;

/// <summary>
/// Stopping collector A with data still in its sending queue: with B reachable the queue is drained before the stop
/// returns (in process and as the real executable on SIGTERM); with B down the stop returns at its deadline and
/// counts exactly the items it could not send in one log line.
/// </summary>
public sealed class ForwardingShutdownTests
{
    /// <summary>One consumer, so while it retries the first request the others stay in the queue.</summary>
    private static string QueuedExporter(int port) => GrpcExporter($"127.0.0.1:{port}", extra: """
                sending_queue:
                  num_consumers: 1
            """);

    [Fact]
    public async Task Stopping_A_delivers_everything_queued_to_a_reachable_B_before_returning()
    {
        var port = ReservePort();
        await using var a = await TestCollector.StartAsync(UpstreamConfig(QueuedExporter(port), "otlp", batch: false, signals: "traces,logs"));
        var exporter = Exporter(a, "otlp");
        var (spans, logs) = await PostAsync(a, "stop-drain", traceRequests: 8, logRequests: 3);
        await WaitUntilAsync(() => a.Logs.TextOf("exporter/otlp").Contains("will retry", StringComparison.Ordinal), () => "A should be retrying while B is down");
        Assert.True(exporter.Queue.QueueSize > 0, "requests should be waiting in A's queue");

        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);
        await a.Host.StopAsync(TimeSpan.FromSeconds(20)).WaitAsync(TimeSpan.FromSeconds(40));

        // No waiting: the stop itself must have delivered everything.
        AssertEachArrivedOnce(counting.Instance, spans, logs, []);
        Assert.Equal(spans.Count + logs.Count, exporter.Queue.Counters.SentItems);
        Assert.Equal(0, exporter.Queue.Counters.SendFailedItems);
        Assert.DoesNotContain("Shutdown deadline reached", a.Logs.TextOf("exporter/otlp"));
    }

    [Fact]
    public async Task With_B_down_a_short_deadline_ends_the_stop_and_the_log_counts_exactly_the_unsent_items()
    {
        var port = ReservePort();
        await using var a = await TestCollector.StartAsync(UpstreamConfig(GrpcExporter($"127.0.0.1:{port}", extra: """
                sending_queue:
                  num_consumers: 2
            """), "otlp", batch: false, signals: "traces,logs"));
        var exporter = Exporter(a, "otlp");
        var (spans, logs) = await PostAsync(a, "stop-deadline", traceRequests: 6, logRequests: 2);
        var unsent = spans.Count + logs.Count;

        await a.Host.StopAsync(TimeSpan.FromSeconds(1)).WaitAsync(TimeSpan.FromSeconds(30));

        var text = a.Logs.TextOf("exporter/otlp");
        Assert.Contains($"Shutdown deadline reached: {unsent} items", text);
        Assert.Equal(1, text.Split('\n').Count(line => line.Contains("Shutdown deadline reached", StringComparison.Ordinal)));
        Assert.Equal(unsent, exporter.Queue.Counters.SendFailedItems);
        Assert.Equal(0, exporter.Queue.Counters.SentItems);
    }

    [Fact]
    public async Task Sigterm_to_the_real_executable_drains_its_queue_to_B_and_exits_zero()
    {
        var port = ReservePort();
        var directory = Directory.CreateTempSubdirectory("minicollector-forwarding-").FullName;
        try
        {
            var config = Path.Combine(directory, "a.yaml");
            await File.WriteAllTextAsync(config, UpstreamConfig(QueuedExporter(port), "otlp", batch: true, signals: "traces,logs"));
            using var process = CollectorProcess.Start(directory, "--config", config);
            await process.WaitForOutputAsync("Everything is ready");
            var url = "http://" + BoundHttpAddress(process.Output);

            var spans = new List<string>();
            var logs = new List<string>();
            using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                for (int i = 0; i < 5; i++)
                {
                    var names = Enumerable.Range(0, 4).Select(j => $"sigterm-span-{i}-{j}").ToList();
                    var bodies = Enumerable.Range(0, 2).Select(j => $"sigterm-log-{i}-{j}").ToList();
                    Assert.Equal(HttpStatusCode.OK, (await Forwarding.PostAsync(client, url, "traces", Spans(names))).StatusCode);
                    Assert.Equal(HttpStatusCode.OK, (await Forwarding.PostAsync(client, url, "logs", Logs(bodies))).StatusCode);
                    spans.AddRange(names);
                    logs.AddRange(bodies);
                }
            }

            await process.WaitForOutputAsync("will retry");
            var counting = new CountingExporterFactory();
            await using var b = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);
            process.Terminate();

            Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(40)));
            Assert.Contains("Shutdown complete.", process.Output);
            Assert.DoesNotContain("Shutdown deadline reached", process.Output);
            AssertEachArrivedOnce(counting.Instance, spans, logs, []);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string BoundHttpAddress(string output)
    {
        const string marker = "Starting HTTP server on ";
        var start = output.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return output[start..output.IndexOf(' ', start)];
    }

    /// <summary>Posts requests of 3 spans and of 5 log records, uniquely named; each must be answered 200.</summary>
    private static async Task<(List<string> Spans, List<string> Logs)> PostAsync(TestCollector a, string prefix, int traceRequests, int logRequests)
    {
        var spans = new List<string>();
        var logs = new List<string>();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (int i = 0; i < traceRequests; i++)
        {
            var names = Enumerable.Range(0, 3).Select(j => $"{prefix}-span-{i}-{j}").ToList();
            Assert.Equal(HttpStatusCode.OK, (await Forwarding.PostAsync(client, a.HttpUrl, "traces", Spans(names))).StatusCode);
            spans.AddRange(names);
        }

        for (int i = 0; i < logRequests; i++)
        {
            var bodies = Enumerable.Range(0, 5).Select(j => $"{prefix}-log-{i}-{j}").ToList();
            Assert.Equal(HttpStatusCode.OK, (await Forwarding.PostAsync(client, a.HttpUrl, "logs", Logs(bodies))).StatusCode);
            logs.AddRange(bodies);
        }

        return (spans, logs);
    }
}
