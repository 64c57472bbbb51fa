using System.Globalization;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// The otlphttp exporter against a scripted OTLP/HTTP server: which answers are retried (429/502/503/504, refused
/// connections), how long it waits (Retry-After, seconds or HTTP date), and what a permanent failure or a partial
/// success counts and reports.
/// </summary>
/// <remarks>
/// Retries run on a fake clock (<see cref="ExporterClock"/>): each wait the exporter chooses is played by moving the
/// clock, so no test sleeps. Where a test checks that a server's delay was honoured, the exporter's own backoff is far
/// shorter than that delay, and the logged wait must be exactly the server's.
/// </remarks>
public sealed class OtlpHttpRetryTests
{
    private static string Yaml(string endpoint, bool queue = false, string initial = "50ms", string maxInterval = "100ms", string maxElapsed = "0", string extra = "") => $"""
        endpoint: {endpoint}
        sending_queue:
          enabled: {(queue ? "true" : "false")}
        retry_on_failure:
          initial_interval: {initial}
          max_interval: {maxInterval}
          max_elapsed_time: {maxElapsed}
        {extra}
        """;

    [Fact]
    public async Task A_503_with_Retry_After_seconds_is_retried_after_the_servers_delay_and_then_delivered()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((n, c) => n == 1 ? FakeAnswers.HttpStatus(c, 503, "overloaded", retryAfter: "1") : FakeAnswers.HttpOk(c));
        var clock = new ExporterClock();
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl), clock);

        // The retry waits on a timer armed for the server's second, not for the 50-100 ms backoff.
        var answer = exporter.ConsumeAsync(OtlpRequests.Traces(5));
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1));
        var result = await answer;

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Equal(2, fake.Attempts);
        Assert.Equal(5, exporter.Counters.SentItems);
        Assert.Equal(0, exporter.Counters.SendFailedItems);
        Assert.Equal(1, exporter.Logs.CountContaining("will retry in 00:00:01:"));
        Assert.Contains("overloaded", exporter.Logs.Text);
    }

    [Fact]
    public async Task A_429_with_an_http_date_Retry_After_is_retried_after_the_date()
    {
        // The date is read against the exporter's clock: two seconds ahead of it is a wait of exactly two seconds.
        var clock = new ExporterClock();
        var date = clock.GetUtcNow().AddSeconds(2).ToString("R", CultureInfo.InvariantCulture);
        await using var fake = await FakeDownstream.StartHttpAsync((n, c) => n == 1 ? FakeAnswers.HttpStatus(c, 429, "slow down", retryAfter: date) : FakeAnswers.HttpOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl), clock);

        var answer = exporter.ConsumeAsync(OtlpRequests.Traces(3));
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(ConsumeResult.Success, await answer);
        Assert.Equal(2, fake.Attempts);
        Assert.Equal(3, exporter.Counters.SentItems);
        Assert.Equal([TimeSpan.FromSeconds(2)], exporter.RetryWaits);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("an hour ago")]
    public async Task A_zero_or_past_Retry_After_does_not_turn_the_backoff_off(string retryAfter)
    {
        // A server's delay may lengthen the wait but not shorten it below the backoff (the reference waits
        // max(backoff, delay)); otherwise a 503 with "Retry-After: 0", or a date in the past from a server whose clock
        // is behind, makes the exporter hammer an overloaded server in a tight loop until max_elapsed_time.
        var clock = new ExporterClock();
        var value = retryAfter == "0" ? "0" : clock.GetUtcNow().AddHours(-1).ToString("R", CultureInfo.InvariantCulture);
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 503, "overloaded", retryAfter: value));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, initial: "200ms", maxInterval: "200ms", maxElapsed: "1s"), clock);

        var result = await exporter.ConsumePlayingRetriesAsync(OtlpRequests.Traces(1));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);

        // Every wait is the backoff's (200 ms ± 50 %), never the server's zero; one second of them is 3 to 10 retries.
        var waits = exporter.RetryWaits;
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)));
        Assert.InRange(waits.Count, 3, 10);
        Assert.Equal(waits.Count + 1, fake.Attempts);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Retryable_statuses_without_Retry_After_are_retried_with_backoff(int status)
    {
        await using var fake = await FakeDownstream.StartHttpAsync((n, c) => n <= 2 ? FakeAnswers.HttpStatus(c, status, "try later") : FakeAnswers.HttpOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl), new ExporterClock());

        var result = await exporter.ConsumePlayingRetriesAsync(OtlpRequests.Traces(4));

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Equal(3, fake.Attempts);
        Assert.Equal(4, exporter.Counters.SentItems);

        // initial_interval 50 ms then 75 ms (x1.5), each ± 50 %.
        var waits = exporter.RetryWaits;
        Assert.Equal(2, waits.Count);
        Assert.InRange(waits[0], TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(75));
        Assert.InRange(waits[1], TimeSpan.FromMilliseconds(37.5), TimeSpan.FromMilliseconds(112.5));
    }

    [Fact]
    public async Task A_400_with_a_Status_body_is_not_retried_and_reports_the_servers_message()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 400, "span 3 has an invalid trace id"));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(6));

        Assert.False(result.IsAccepted);
        Assert.NotEqual(ConsumeOutcome.Refused, result.Outcome);
        Assert.Contains("span 3 has an invalid trace id", result.Message);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(0, exporter.Counters.SentItems);
        Assert.Equal(6, exporter.Counters.SendFailed[Signal.Traces, DropReason.DownstreamRejected]);
        Assert.Equal(ConsumeOutcome.Failed, result.Outcome);
        Assert.Equal(DropReason.DownstreamRejected, result.Reason);
        var error = Assert.Single(exporter.Logs.Entries, e => e.Message.Contains("Exporting failed. Dropping data", StringComparison.Ordinal));
        Assert.Contains("span 3 has an invalid trace id", error.Message);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(500)]
    public async Task Other_failure_statuses_are_permanent(int status)
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, status, "no"));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(2));

        Assert.False(result.IsAccepted);
        Assert.NotEqual(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(2, exporter.Counters.SendFailedItems);
    }

    [Fact]
    public async Task A_partial_success_is_not_retried_and_counts_the_rejected_spans_as_failed()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpPartial(c, 2, "2 spans too old"));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(7));

        Assert.True(result.IsAccepted);
        Assert.Equal(2, result.RejectedItems);
        Assert.Contains("2 spans too old", result.Message);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(5, exporter.Counters.SentItems);
        Assert.Equal(2, exporter.Counters.SendFailed[Signal.Traces, DropReason.PartialSuccess]);
        Assert.Equal(DropReason.PartialSuccess, result.Reason);
        Assert.Contains("Partial success response", exporter.Logs.Text);
    }

    [Fact]
    public async Task A_partial_success_claiming_more_rejections_than_items_never_makes_the_sent_count_negative()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpPartial(c, 10, "rejected everything and more"));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(3));

        Assert.Equal(1, fake.Attempts);
        Assert.Equal(0, exporter.Counters.SentItems);
        Assert.Equal(3, exporter.Counters.SendFailedItems);
        Assert.Equal(3, result.RejectedItems);
    }

    [Fact]
    public async Task When_max_elapsed_time_runs_out_the_data_is_dropped_counted_and_logged()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 503, "still down"));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, maxElapsed: "500ms"), new ExporterClock());

        var result = await exporter.ConsumePlayingRetriesAsync(OtlpRequests.Traces(4));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.True(fake.Attempts >= 2, $"retried before giving up ({fake.Attempts} attempts)");

        // It gave up because the next wait would have gone past max_elapsed_time, not sooner.
        var played = exporter.RetryWaits.Aggregate(TimeSpan.Zero, (sum, w) => sum + w);
        Assert.True(played <= TimeSpan.FromMilliseconds(500), $"waited {played} in all");
        Assert.Contains("no more retries left after", exporter.Logs.Text);
        Assert.Equal(0, exporter.Counters.SentItems);
        Assert.Equal(4, exporter.Counters.SendFailed[Signal.Traces, DropReason.RetriesExhausted]);
        Assert.Equal(DropReason.RetriesExhausted, result.Reason);
        var dropped = Assert.Single(exporter.Logs.Entries, e => e.Message.Contains("Exporting failed. Dropping data", StringComparison.Ordinal));
        Assert.Contains("still down", dropped.Message);
    }

    [Fact]
    public async Task Queued_data_whose_retries_run_out_is_dropped_and_counted()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 502, "bad gateway"));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, queue: true, maxElapsed: "400ms"), new ExporterClock());

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3)));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Logs(2)));

        await exporter.PlayRetriesAsync(() => exporter.Counters.SendFailedItems == 5, "5 items were given up on");
        Assert.Equal(0, exporter.Counters.SentItems);
        Assert.Equal(3, exporter.Counters.SendFailed[Signal.Traces, DropReason.RetriesExhausted]);
        Assert.Equal(2, exporter.Counters.SendFailed[Signal.Logs, DropReason.RetriesExhausted]);
        Assert.Equal(2, exporter.Logs.CountContaining("Exporting failed. Dropping data"));
    }

    [Fact]
    public async Task A_Retry_After_beyond_max_elapsed_time_gives_up_at_once()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 503, "come back in an hour", retryAfter: "3600"));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, maxElapsed: "2s"));

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(1));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(1, exporter.Counters.SendFailedItems);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_until_the_server_comes_up()
    {
        var port = FakeDownstream.FreePort();
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml($"http://127.0.0.1:{port}", queue: true, initial: "50ms", maxInterval: "200ms"), new ExporterClock());

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3)));
        await exporter.PlayRetriesAsync(() => exporter.Logs.CountContaining("will retry") >= 2, "the refused connection was retried twice");
        Assert.Equal(0, exporter.Counters.SendFailedItems);

        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c), port);
        await exporter.PlayRetriesAsync(() => exporter.Counters.SentItems == 3, "the spans were delivered");
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(0, exporter.Counters.SendFailedItems);
    }

    [Fact]
    public async Task Retries_are_disabled_by_retry_on_failure_enabled_false()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 503, "down"));
        await using var exporter = await ExporterUnderTest.HttpAsync($"""
            endpoint: {fake.BaseUrl}
            sending_queue:
              enabled: false
            retry_on_failure:
              enabled: false
            """);

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(2));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(2, exporter.Counters.SendFailedItems);
        Assert.Contains("Exporting failed. Dropping data", exporter.Logs.Text);
    }
}
