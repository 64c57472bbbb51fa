using Google.Protobuf;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Grpc;

/// <summary>
/// Connection lifetime: <c>keepalive::server_parameters::max_connection_age</c> makes the server ask old connections
/// to go away (GOAWAY) and close them, and clients reconnect transparently; without an idle or age limit a connection
/// stays open. No timing is asserted: waits only give the server time to act, and guards bound hangs.
/// </summary>
public sealed class GrpcConnectionAgeTests
{
    // An explicit idle limit, so that only the age limit can close a connection in these tests.
    private const string AgeConfig = "keepalive:\n  server_parameters:\n    max_connection_age: 300ms\n    max_connection_idle: 1h";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_aged_connection_is_closed_and_the_next_call_succeeds_on_a_new_one()
    {
        await using var harness = await GrpcHarness.StartAsync(AgeConfig);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);

        var first = await client.SendAsync(GrpcHarness.TracesMethod, Frame("before-age"));
        Assert.Equal(0, first.Status());
        Assert.Equal(1, client.Connections);

        await Task.Delay(TimeSpan.FromSeconds(1));
        await client.ConnectionEnded(0).WaitAsync(Guard);

        var second = await client.SendAsync(GrpcHarness.TracesMethod, Frame("after-age"));
        Assert.Equal(0, second.Status());
        Assert.Equal(2, client.Connections);
        Assert.Equal(["after-age", "before-age"], GrpcTestData.SpanNames(harness.Consumer.Received).Order());
    }

    [Fact]
    public async Task The_server_sends_goaway_on_an_aged_connection_and_then_closes_it()
    {
        await using var harness = await GrpcHarness.StartAsync(AgeConfig);
        using var connection = await RawHttp2Connection.OpenAsync(harness.BaseAddress);
        using var guard = new CancellationTokenSource(Guard);

        var frames = await connection.ReadUntilClosedAsync(guard.Token).WaitAsync(Guard);

        Assert.Contains(RawHttp2Connection.GoAway, frames);
        Assert.Equal(RawHttp2Connection.GoAway, frames[^1]);
    }

    [Fact]
    public async Task Calls_keep_succeeding_across_several_connection_ages()
    {
        await using var harness = await GrpcHarness.StartAsync(AgeConfig);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);
        var expected = new List<string>();

        for (int round = 0; round < 3; round++)
        {
            var name = "round-" + round;
            expected.Add(name);
            Assert.Equal(0, (await client.SendAsync(GrpcHarness.TracesMethod, Frame(name))).Status());
            await client.ConnectionEnded(client.Connections - 1).WaitAsync(Guard);
        }

        Assert.Equal(expected, GrpcTestData.SpanNames(harness.Consumer.Received).Order());
        Assert.Equal(3, client.Connections);
    }

    [Fact]
    public async Task With_a_long_idle_limit_and_no_age_limit_a_waiting_client_keeps_its_connection()
    {
        await using var harness = await GrpcHarness.StartAsync(GrpcTestData.KeepIdleConnections);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);

        Assert.Equal(0, (await client.SendAsync(GrpcHarness.TracesMethod, Frame("first"))).Status());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, (await client.SendAsync(GrpcHarness.TracesMethod, Frame("second"))).Status());

        Assert.Equal(1, client.Connections);
        Assert.False(client.ConnectionEnded(0).IsCompleted);
    }

    [Fact]
    public async Task With_the_default_settings_an_idle_connection_stays_open()
    {
        // max_connection_idle unset means "idle forever" (grpc-go's default, and GrpcKestrelSettings' stated intent).
        await using var harness = await GrpcHarness.StartAsync();
        using var client = new ConnectionTrackingClient(harness.BaseAddress);

        Assert.Equal(0, (await client.SendAsync(GrpcHarness.TracesMethod, Frame("first"))).Status());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, (await client.SendAsync(GrpcHarness.TracesMethod, Frame("second"))).Status());

        Assert.Equal(1, client.Connections);
        Assert.False(client.ConnectionEnded(0).IsCompleted);
    }

    [Fact]
    public async Task With_the_default_settings_the_server_does_not_send_goaway_to_an_idle_connection()
    {
        await using var harness = await GrpcHarness.StartAsync();
        using var connection = await RawHttp2Connection.OpenAsync(harness.BaseAddress);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));

        List<byte>? frames = null;
        try
        {
            frames = await connection.ReadUntilClosedAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // Still open when we stopped watching: the expected outcome.
        }

        Assert.True(frames is null, $"the server closed an idle connection; frames received: {string.Join(", ", frames ?? [])} (7 = GOAWAY)");
    }

    private static byte[] Frame(string spanName) => GrpcHarness.Frame(GrpcTestData.Traces([spanName]).ToByteArray());
}
