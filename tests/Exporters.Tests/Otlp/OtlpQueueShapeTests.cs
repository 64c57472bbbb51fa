using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// The reference's sending_queue keys on a real OTLP/HTTP exporter and a scripted downstream: the items and bytes
/// sizers, wait_for_result, and batching inside the exporter (min_size, max_size, flush_timeout on a fake clock).
/// </summary>
public sealed class OtlpQueueShapeTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private static string Yaml(string endpoint, string queue) => $"""
        endpoint: {endpoint}
        compression: none
        sending_queue:
        {queue}
        retry_on_failure:
          initial_interval: 50ms
          max_interval: 100ms
          max_elapsed_time: 0
        """;

    private static List<string> SpanNames(FakeDownstream fake)
        => [.. fake.Calls.SelectMany(c => ExportTraceServiceRequest.Parser.ParseFrom(c.Body).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name))];

    [Fact]
    public async Task The_items_sizer_counts_spans_and_refuses_what_does_not_fit()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fake = await FakeDownstream.HoldingFirstCallAsync(release);
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, "  sizer: items\n  queue_size: 5\n  num_consumers: 1"));

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, "a")));
        await fake.WaitForAttemptsAsync(1);
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3, "b")));
        Assert.Equal(3, exporter.Exporter.Queue.QueueSize);

        var refused = await exporter.ConsumeAsync(OtlpRequests.Traces(3, "c"));
        Assert.Equal(ConsumeOutcome.Refused, refused.Outcome);
        Assert.Equal(3, exporter.Counters.EnqueueFailedItems);
        Assert.Contains("sending_queue is full (5 items)", exporter.Logs.Text);

        // Two more spans still fit exactly.
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, "d")));
        Assert.Equal(5, exporter.Exporter.Queue.QueueSize);

        release.SetResult();
        await ExporterUnderTest.WaitUntilAsync(() => exporter.Counters.SentItems == 7, "every queued span was delivered");
        Assert.Equal(0, exporter.Exporter.Queue.QueueSize);
    }

    [Fact]
    public async Task The_bytes_sizer_counts_serialized_bytes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fake = await FakeDownstream.HoldingFirstCallAsync(release);
        var oneRequest = OtlpRequests.Traces(4, "x").ByteLength;
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, $"  sizer: bytes\n  queue_size: {oneRequest + 10}\n  num_consumers: 1"));

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(4, "first")));
        await fake.WaitForAttemptsAsync(1);
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(4, "second")));
        Assert.Equal(OtlpRequests.Traces(4, "second").ByteLength, exporter.Exporter.Queue.QueueSize);

        Assert.Equal(ConsumeOutcome.Refused, (await exporter.ConsumeAsync(OtlpRequests.Traces(4, "third"))).Outcome);

        release.SetResult();
        await ExporterUnderTest.WaitUntilAsync(() => exporter.Counters.SentItems == 8, "both queued requests were delivered");
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(4, "third")));
    }

    [Fact]
    public async Task Wait_for_result_answers_once_the_request_was_sent_with_its_outcome()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fake = await FakeDownstream.StartHttpAsync(async (n, c) =>
        {
            await release.Task.WaitAsync(c.RequestAborted);
            await (n == 1 ? FakeAnswers.HttpOk(c) : FakeAnswers.HttpStatus(c, 400, "span name not allowed"));
        });
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, "  wait_for_result: true\n  num_consumers: 1"));

        var first = exporter.Exporter.ConsumeAsync(OtlpRequests.Traces(2, "ok"), CancellationToken.None).AsTask();
        await fake.WaitForAttemptsAsync(1);
        Assert.False(first.IsCompleted, "answered before the downstream answered");

        release.SetResult();
        Assert.Equal(ConsumeResult.Success, await first.WaitAsync(HangGuard));

        var second = await exporter.ConsumeAsync(OtlpRequests.Traces(1, "bad"));
        Assert.Equal(ConsumeOutcome.Failed, second.Outcome);
        Assert.Contains("span name not allowed", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batching_waits_for_min_size_or_the_flush_timeout_on_the_clock()
    {
        var time = new ExporterClock();
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, "  batch:\n    min_size: 10\n    flush_timeout: 200ms"), time);

        // Answered at once; held for the batch: the queue arms the flush_timeout and sends nothing before it passes.
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, "a")));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, "b")));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, "c")));
        await time.TakeWhenArmedAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, fake.Attempts);

        time.Advance(TimeSpan.FromMilliseconds(200));
        await fake.WaitForAttemptsAsync(1);
        Assert.Equal(["a-0", "a-1", "b-0", "b-1", "c-0", "c-1"], SpanNames(fake));

        // Reaching min_size sends without the clock moving.
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(6, "d")));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(6, "e")));
        await fake.WaitForAttemptsAsync(2);
        Assert.Equal(2, fake.Attempts);
        Assert.Equal(18, SpanNames(fake).Count);
    }

    [Fact]
    public async Task Batching_keeps_batches_under_max_size_and_splits_a_single_larger_request()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, "  num_consumers: 1\n  batch:\n    min_size: 5\n    max_size: 5\n    flush_timeout: 1h"));

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(12, "big")));
        await ExporterUnderTest.WaitUntilAsync(() => exporter.Counters.SentItems == 12, "the large request was delivered");

        var sizes = fake.Calls.Select(c => ExportTraceServiceRequest.Parser.ParseFrom(c.Body).ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count))).ToList();
        Assert.Equal([5, 5, 2], sizes);
        Assert.Equal([.. Enumerable.Range(0, 12).Select(i => $"big-{i}")], SpanNames(fake));
    }

    [Fact]
    public async Task Shutdown_at_its_deadline_counts_batches_still_waiting_for_a_consumer()
    {
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml($"http://127.0.0.1:{FakeDownstream.FreePort()}", "  num_consumers: 1\n  batch:\n    min_size: 1000\n    flush_timeout: 1h"));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3, "t")));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Logs(4, "l")));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Metrics(5, "m")));

        // Shutdown flushes three batches (one per signal); one consumer retries the first against a dead port.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            await exporter.Exporter.ShutdownAsync(deadline.Token).WaitAsync(HangGuard);
        }

        Assert.Equal(12, exporter.Counters.SendFailedItems);
        Assert.Contains("Shutdown deadline reached: 12 items", exporter.Logs.Text);
        Assert.Equal(0, exporter.Exporter.Queue.QueueSize);
    }
}
