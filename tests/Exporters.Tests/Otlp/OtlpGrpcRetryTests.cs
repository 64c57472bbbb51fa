using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// The otlp (gRPC) exporter against a scripted h2c gRPC server: the OTLP spec's retryable codes, RetryInfo in
/// <c>grpc-status-details-bin</c>, trailers-only answers, refused connections and running out of retry time.
/// </summary>
/// <remarks>
/// Retries run on a fake clock (<see cref="ExporterClock"/>): each wait the exporter chooses is played by moving the
/// clock, so no test sleeps. Where a test checks that RetryInfo was honoured, the exporter's own backoff is far shorter
/// than the server's delay, and the logged wait must be exactly the server's.
/// </remarks>
public sealed class OtlpGrpcRetryTests
{
    private static string Yaml(string address, bool queue = false, string initial = "50ms", string maxInterval = "100ms", string maxElapsed = "0") => $"""
        endpoint: {address}
        tls:
          insecure: true
        sending_queue:
          enabled: {(queue ? "true" : "false")}
        retry_on_failure:
          initial_interval: {initial}
          max_interval: {maxInterval}
          max_elapsed_time: {maxElapsed}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UNAVAILABLE_with_RetryInfo_is_retried_after_the_servers_delay(bool trailersOnly)
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((n, c) => n == 1
            ? FakeAnswers.GrpcStatus(c, FakeAnswers.GrpcUnavailable, "busy, come back", TimeSpan.FromMilliseconds(300), trailersOnly)
            : FakeAnswers.Grpc(c));
        var clock = new ExporterClock();
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address), clock);

        // The retry waits on a timer armed for the server's 300 ms, not for the 50-100 ms backoff.
        var answer = exporter.ConsumeAsync(OtlpRequests.Traces(5));
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromMilliseconds(300));
        var result = await answer;

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Equal(2, fake.Attempts);
        Assert.Equal(5, exporter.Counters.SentItems);
        Assert.Equal(0, exporter.Counters.SendFailedItems);
        var retry = Assert.Single(exporter.Logs.Entries, e => e.Message.Contains("will retry in", StringComparison.Ordinal));
        Assert.Contains("will retry in 00:00:00.3000000:", retry.Message);
        Assert.Contains("busy, come back", retry.Message);
    }

    [Fact]
    public async Task A_zero_RetryInfo_delay_does_not_turn_the_backoff_off()
    {
        // The reference waits max(backoff, retry_delay); a zero delay must not make the exporter hammer the server.
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.GrpcStatus(c, FakeAnswers.GrpcUnavailable, "overloaded", TimeSpan.Zero));
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address, initial: "200ms", maxInterval: "200ms", maxElapsed: "1s"), new ExporterClock());

        var result = await exporter.ConsumePlayingRetriesAsync(OtlpRequests.Traces(1));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);

        // Every wait is the backoff's (200 ms ± 50 %), never the server's zero; one second of them is 3 to 10 retries.
        var waits = exporter.RetryWaits;
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)));
        Assert.InRange(waits.Count, 3, 10);
        Assert.Equal(waits.Count + 1, fake.Attempts);
    }

    [Fact]
    public async Task UNAVAILABLE_without_RetryInfo_is_retried_with_backoff()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((n, c) => n <= 2 ? FakeAnswers.GrpcStatus(c, FakeAnswers.GrpcUnavailable, "down") : FakeAnswers.Grpc(c));
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address), new ExporterClock());

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumePlayingRetriesAsync(OtlpRequests.Traces(2)));
        Assert.Equal(3, fake.Attempts);
        Assert.Equal(2, exporter.Counters.SentItems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task INVALID_ARGUMENT_is_not_retried_and_reports_the_grpc_message(bool trailersOnly)
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.GrpcStatus(c, FakeAnswers.GrpcInvalidArgument, "span name must not be empty", trailersOnly: trailersOnly));
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(4));

        Assert.False(result.IsAccepted);
        Assert.NotEqual(ConsumeOutcome.Refused, result.Outcome);
        Assert.Contains("span name must not be empty", result.Message);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(4, exporter.Counters.SendFailedItems);
        Assert.Equal(1, exporter.Logs.CountContaining("Exporting failed. Dropping data"));
    }

    [Fact]
    public async Task RESOURCE_EXHAUSTED_without_RetryInfo_is_not_retried()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.GrpcStatus(c, FakeAnswers.GrpcResourceExhausted, "message too large"));
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(3));

        Assert.False(result.IsAccepted);
        Assert.NotEqual(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(3, exporter.Counters.SendFailedItems);
    }

    [Fact]
    public async Task RESOURCE_EXHAUSTED_with_RetryInfo_is_retried_after_the_delay()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((n, c) => n == 1
            ? FakeAnswers.GrpcStatus(c, FakeAnswers.GrpcResourceExhausted, "rate limited", TimeSpan.FromMilliseconds(200))
            : FakeAnswers.Grpc(c));
        var clock = new ExporterClock();
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address), clock);

        var answer = exporter.ConsumeAsync(OtlpRequests.Traces(3));
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(ConsumeResult.Success, await answer);
        Assert.Equal(2, fake.Attempts);
        Assert.Equal(3, exporter.Counters.SentItems);
        Assert.Equal(1, exporter.Logs.CountContaining("will retry in 00:00:00.2000000:"));
    }

    [Theory]
    [InlineData(1)] // CANCELLED
    [InlineData(4)] // DEADLINE_EXCEEDED
    [InlineData(10)] // ABORTED
    [InlineData(11)] // OUT_OF_RANGE
    [InlineData(15)] // DATA_LOSS
    public async Task The_other_retryable_codes_are_retried(int code)
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((n, c) => n == 1 ? FakeAnswers.GrpcStatus(c, code, "transient") : FakeAnswers.Grpc(c));
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address), new ExporterClock());

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumePlayingRetriesAsync(OtlpRequests.Traces(1)));
        Assert.Equal(2, fake.Attempts);
    }

    [Theory]
    [InlineData(2)] // UNKNOWN
    [InlineData(5)] // NOT_FOUND
    [InlineData(7)] // PERMISSION_DENIED
    [InlineData(9)] // FAILED_PRECONDITION
    [InlineData(12)] // UNIMPLEMENTED
    [InlineData(13)] // INTERNAL
    [InlineData(16)] // UNAUTHENTICATED
    public async Task The_other_codes_are_permanent(int code)
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.GrpcStatus(c, code, "permanent"));
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(1));

        Assert.False(result.IsAccepted);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(1, exporter.Counters.SendFailedItems);
    }

    [Fact]
    public async Task A_partial_success_is_not_retried_and_counts_the_rejected_spans_as_failed()
    {
        var response = new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = 2, ErrorMessage = "2 spans dropped by sampling" } };
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.Grpc(c, response));
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(6));

        Assert.True(result.IsAccepted);
        Assert.Equal(2, result.RejectedItems);
        Assert.Contains("2 spans dropped by sampling", result.Message);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(4, exporter.Counters.SentItems);
        Assert.Equal(2, exporter.Counters.SendFailedItems);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_until_the_server_comes_up()
    {
        var port = FakeDownstream.FreePort();
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml($"127.0.0.1:{port}", queue: true, initial: "50ms", maxInterval: "200ms"), new ExporterClock());

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3)));
        await exporter.PlayRetriesAsync(() => exporter.Logs.CountContaining("will retry") >= 2, "the refused connection was retried twice");
        Assert.Equal(0, exporter.Counters.SendFailedItems);

        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.Grpc(c), port);
        await exporter.PlayRetriesAsync(() => exporter.Counters.SentItems == 3, "the spans were delivered");
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(0, exporter.Counters.SendFailedItems);
    }

    [Fact]
    public async Task When_max_elapsed_time_runs_out_the_data_is_dropped_counted_and_logged()
    {
        var port = FakeDownstream.FreePort();
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml($"127.0.0.1:{port}", maxElapsed: "500ms"), new ExporterClock());

        var result = await exporter.ConsumePlayingRetriesAsync(OtlpRequests.Traces(4));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.True(exporter.Logs.CountContaining("will retry") >= 1, exporter.Logs.Text);

        // It gave up because the next wait would have gone past max_elapsed_time, not sooner.
        var played = exporter.RetryWaits.Aggregate(TimeSpan.Zero, (sum, w) => sum + w);
        Assert.True(played <= TimeSpan.FromMilliseconds(500), $"waited {played} in all");
        Assert.Contains("no more retries left after", exporter.Logs.Text);
        Assert.Equal(0, exporter.Counters.SentItems);
        Assert.Equal(4, exporter.Counters.SendFailedItems);
        var dropped = Assert.Single(exporter.Logs.Entries, e => e.Message.Contains("Exporting failed. Dropping data", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{port}", dropped.Message);
    }

    [Fact]
    public async Task An_http_503_without_grpc_status_is_retried_as_UNAVAILABLE()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((n, c) =>
        {
            if (n == 1)
            {
                c.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return FakeAnswers.Grpc(c);
        });
        await using var exporter = await ExporterUnderTest.GrpcAsync(Yaml(fake.Address), new ExporterClock());

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumePlayingRetriesAsync(OtlpRequests.Traces(1)));
        Assert.Equal(2, fake.Attempts);
    }
}
