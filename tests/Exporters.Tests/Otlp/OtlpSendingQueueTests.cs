using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// The sending queue in front of an OTLP exporter whose downstream holds the first request: a full queue refuses
/// with a retryable answer (or waits, with <c>block_on_overflow</c>), and shutdown stops taking data.
/// </summary>
public sealed class OtlpSendingQueueTests
{
    private static string Yaml(string endpoint, bool block) => $"""
        endpoint: {endpoint}
        sending_queue:
          queue_size: 1
          num_consumers: 1
          block_on_overflow: {(block ? "true" : "false")}
        retry_on_failure:
          initial_interval: 50ms
          max_interval: 100ms
          max_elapsed_time: 0
        """;

    [Fact]
    public async Task A_full_queue_refuses_with_a_retryable_answer_and_counts_the_items()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fake = await FakeDownstream.HoldingFirstCallAsync(release);
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, block: false));

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, "first")));
        await fake.WaitForAttemptsAsync(1);
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3, "second")));
        Assert.Equal(1, exporter.Exporter.Queue.QueueSize);
        Assert.Equal(1, exporter.Exporter.Queue.QueueCapacity);

        var refused = await exporter.ConsumeAsync(OtlpRequests.Traces(4, "third"));

        Assert.Equal(ConsumeOutcome.Refused, refused.Outcome);
        Assert.Equal(DropReason.QueueFull, refused.Reason);
        Assert.NotNull(refused.RetryAfter);
        Assert.Equal(4, exporter.Counters.EnqueueFailedItems);
        Assert.Contains("sending_queue is full", exporter.Logs.Text);

        release.SetResult();
        await ExporterUnderTest.WaitUntilAsync(() => exporter.Counters.SentItems == 5, "the two queued requests were delivered");
        Assert.Equal(2, fake.Attempts);
        Assert.Equal(0, exporter.Counters.SendFailedItems);
    }

    [Fact]
    public async Task With_block_on_overflow_the_caller_waits_for_room_instead()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fake = await FakeDownstream.HoldingFirstCallAsync(release);
        await using var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, block: true));

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, "first")));
        await fake.WaitForAttemptsAsync(1);
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3, "second")));

        // Taking a request runs synchronously up to the wait for room: a call that did not wait has already answered.
        var third = exporter.Exporter.ConsumeAsync(OtlpRequests.Traces(4, "third"), CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted, "the third request should wait while the queue is full");
        Assert.Equal(1, exporter.Exporter.Queue.QueueSize);
        Assert.Equal(0, exporter.Counters.EnqueueFailedItems);

        release.SetResult();
        Assert.Equal(ConsumeResult.Success, await third.WaitAsync(TimeSpan.FromSeconds(20)));
        await ExporterUnderTest.WaitUntilAsync(() => exporter.Counters.SentItems == 9, "all three requests were delivered");
        Assert.Equal(0, exporter.Counters.EnqueueFailedItems);
        Assert.Equal(3, fake.Attempts);
    }

    [Fact]
    public async Task After_shutdown_new_data_is_refused_as_retryable()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
        var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl, block: false));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2)));
        await exporter.DisposeAsync();

        Assert.Equal(2, exporter.Counters.SentItems);
        var late = await exporter.Exporter.ConsumeAsync(OtlpRequests.Traces(1), CancellationToken.None);
        Assert.Equal(ConsumeOutcome.Refused, late.Outcome);
        Assert.Equal(DropReason.Shutdown, late.Reason);
        Assert.Contains("shutting down", late.Message);
    }

    [Fact]
    public async Task Shutdown_with_an_unreachable_downstream_returns_at_its_deadline_and_counts_every_unsent_item()
    {
        await using var exporter = await ExporterUnderTest.GrpcAsync($"""
            endpoint: 127.0.0.1:{FakeDownstream.FreePort()}
            tls:
              insecure: true
            sending_queue:
              num_consumers: 2
            retry_on_failure:
              initial_interval: 50ms
              max_interval: 100ms
              max_elapsed_time: 0
            """);
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3)));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Logs(4)));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Metrics(5)));

        using (var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            await exporter.Exporter.ShutdownAsync(deadline.Token).WaitAsync(TimeSpan.FromSeconds(20));
        }

        var line = Assert.Single(exporter.Logs.Entries, e => e.Message.Contains("Shutdown deadline reached", StringComparison.Ordinal));
        Assert.Contains("Shutdown deadline reached: 12 items", line.Message);
        Assert.Equal(12, exporter.Counters.SendFailedItems);
        Assert.Equal(12, Enum.GetValues<Signal>().Sum(s => exporter.Counters.SendFailed[s, DropReason.Shutdown]));
        Assert.Equal(0, exporter.Counters.SentItems);
    }
}
