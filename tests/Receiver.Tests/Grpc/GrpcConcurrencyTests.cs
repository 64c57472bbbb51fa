using Google.Protobuf;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Grpc;

/// <summary>Many calls at once, multiplexed on one connection and spread over many: each span delivered exactly once.</summary>
public sealed class GrpcConcurrencyTests
{
    [Fact]
    public async Task Sixty_four_concurrent_calls_on_one_connection_all_succeed_and_every_span_arrives_once()
    {
        await using var harness = await GrpcHarness.StartAsync(GrpcTestData.KeepIdleConnections);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);
        var expected = new List<string>();
        var calls = new List<Task<HttpResponseMessage>>();
        for (int call = 0; call < 64; call++)
        {
            var names = Enumerable.Range(0, 3).Select(s => $"one-connection-{call}-{s}").ToArray();
            expected.AddRange(names);
            calls.Add(client.SendAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(GrpcTestData.Traces(names).ToByteArray())));
        }

        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(0, r.Status()));
        Assert.Equal(64, harness.Consumer.Received.Count);
        Assert.Equal(expected.Order(), GrpcTestData.SpanNames(harness.Consumer.Received).Order());
        Assert.Equal(1, client.Connections);
    }

    [Fact]
    public async Task Sixty_four_concurrent_calls_through_the_harness_client_all_succeed()
    {
        await using var harness = await GrpcHarness.StartAsync(GrpcTestData.KeepIdleConnections);
        var expected = new List<string>();
        var calls = new List<Task<HttpResponseMessage>>();
        for (int call = 0; call < 64; call++)
        {
            var name = "harness-" + call;
            expected.Add(name);
            calls.Add(harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(GrpcTestData.Traces([name]).ToByteArray())));
        }

        var responses = await Task.WhenAll(calls).WaitAsync(GrpcTestData.HangGuard);

        Assert.All(responses, r => Assert.Equal(0, r.Status()));
        Assert.Equal(expected.Order(), GrpcTestData.SpanNames(harness.Consumer.Received).Order());
    }

    [Fact]
    public async Task Sixteen_clients_in_parallel_each_sending_several_calls_deliver_every_span_exactly_once()
    {
        const int clients = 16;
        const int callsPerClient = 8;
        await using var harness = await GrpcHarness.StartAsync(GrpcTestData.KeepIdleConnections);
        var trackers = Enumerable.Range(0, clients).Select(_ => new ConnectionTrackingClient(harness.BaseAddress)).ToArray();
        try
        {
            var expected = new List<string>();
            var work = new List<Task<HttpResponseMessage[]>>();
            for (int c = 0; c < clients; c++)
            {
                var client = trackers[c];
                var requests = new List<byte[]>();
                for (int call = 0; call < callsPerClient; call++)
                {
                    var names = Enumerable.Range(0, 4).Select(s => $"client-{c}-call-{call}-span-{s}").ToArray();
                    expected.AddRange(names);
                    requests.Add(GrpcHarness.Frame(GrpcTestData.Traces(names).ToByteArray()));
                }

                // Each client sends its calls in sequence, the clients run in parallel, and some calls are gzip.
                work.Add(Task.Run(async () =>
                {
                    var responses = new List<HttpResponseMessage>();
                    for (int i = 0; i < requests.Count; i++)
                    {
                        responses.Add(i % 2 == 0
                            ? await client.SendAsync(GrpcHarness.TracesMethod, requests[i])
                            : await client.SendAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Gzip(requests[i][5..]), compressed: true), configure: GrpcTestData.Header("grpc-encoding", "gzip")));
                    }

                    return responses.ToArray();
                }));
            }

            var all = (await Task.WhenAll(work)).SelectMany(r => r).ToArray();

            Assert.Equal(clients * callsPerClient, all.Length);
            Assert.All(all, r => Assert.Equal(0, r.Status()));
            Assert.Equal(clients * callsPerClient, harness.Consumer.Received.Count);
            Assert.Equal(expected.Order(), GrpcTestData.SpanNames(harness.Consumer.Received).Order());
            Assert.All(trackers, t => Assert.Equal(1, t.Connections));
        }
        finally
        {
            foreach (var tracker in trackers)
            {
                tracker.Dispose();
            }
        }
    }
}
