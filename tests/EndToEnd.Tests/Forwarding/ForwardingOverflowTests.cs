using System.Net;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Otlp.Rpc;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Forwarding;

/// <summary>
/// A's sending queue holds one request and B is down: once it is full, A refuses further posts with a retryable
/// 503 and Retry-After (never a silent drop), counts the refused items as enqueue failures, and everything it did
/// accept arrives at B exactly once when B starts.
/// </summary>
public sealed class ForwardingOverflowTests
{
    [Fact]
    public async Task A_full_queue_refuses_with_503_and_Retry_After_and_what_was_accepted_arrives_once_B_is_up()
    {
        var port = ReservePort();
        var section = GrpcExporter($"127.0.0.1:{port}", extra: """
                sending_queue:
                  queue_size: 1
                  num_consumers: 1
                  block_on_overflow: false
            """);
        await using var a = await TestCollector.StartAsync(UpstreamConfig(section, "otlp", batch: false, signals: "traces"));
        var exporter = Exporter(a, "otlp");

        var accepted = new List<string>();
        var refused = new List<string>();
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            // One request is taken by the (retrying) consumer, one waits in the queue, the next finds it full.
            for (int post = 0; post < 40 && refused.Count < 9; post++)
            {
                var names = Enumerable.Range(0, 3).Select(i => $"overflow-{post}-{i}").ToList();
                using var response = await PostAsync(client, a.HttpUrl, "traces", Spans(names));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    accepted.AddRange(names);
                    continue;
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.True(response.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero, $"Retry-After: {response.Headers.RetryAfter}");
                var status = Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
                Assert.Equal(14, status.Code);
                Assert.Contains("sending_queue", status.Message);
                refused.AddRange(names);
            }
        }

        Assert.Equal(9, refused.Count);
        Assert.True(accepted.Count >= 3, $"the first post must be accepted ({accepted.Count} spans accepted)");
        Assert.Equal(refused.Count, exporter.Queue.Counters.EnqueueFailedItems);
        Assert.Contains("sending_queue is full", a.Logs.TextOf("exporter/otlp"));

        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);

        await WaitUntilAsync(
            () => exporter.Queue.Counters.SentItems >= accepted.Count,
            () => $"A sent {exporter.Queue.Counters.SentItems} of the {accepted.Count} accepted spans");
        AssertEachArrivedOnce(counting.Instance, accepted, [], []);
        Assert.Equal(accepted.Count, exporter.Queue.Counters.SentItems);
        Assert.Equal(0, exporter.Queue.Counters.SendFailedItems);
    }
}
