using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Exporters.Sending;
using MiniCollector.Exporters.Tests.Otlp;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Tests.Sending;

/// <summary>
/// <see cref="QueuedRetrySender.WithdrawAsync"/>: what is queued or waiting for a retry comes back undelivered and
/// uncounted; an attempt under way finishes first, so nothing it delivered comes back.
/// </summary>
public sealed class QueuedRetrySenderWithdrawTests
{
    private static readonly RetryOptions FixedRetry = new() { InitialInterval = TimeSpan.FromSeconds(1), RandomizationFactor = 0, Multiplier = 1, MaxInterval = TimeSpan.FromSeconds(1), MaxElapsedTime = TimeSpan.Zero };

    private static ComponentContext Context(TimeProvider time) => new(new ComponentId("otlp", "withdraw"), ComponentKind.Exporter, new NullLoggerFactory()) { Time = time };

    [Fact]
    public async Task Queued_requests_come_back_and_the_attempt_under_way_finishes()
    {
        var clock = new ExporterClock();
        var sender = new HeldSender();
        var queue = new QueuedRetrySender(Context(clock), new SendingQueueOptions { NumConsumers = 1 }, FixedRetry, sender);
        queue.Start();
        await queue.SubmitAsync(OtlpRequests.Traces(1, "first"), CancellationToken.None);
        await sender.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await queue.SubmitAsync(OtlpRequests.Traces(2, "second"), CancellationToken.None);
        await queue.SubmitAsync(OtlpRequests.Traces(3, "third"), CancellationToken.None);

        var withdrawal = queue.WithdrawAsync(CancellationToken.None);
        Assert.False(withdrawal.IsCompleted);
        sender.Release.SetResult();
        var unsent = await withdrawal.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, sender.Attempts);
        Assert.Equal([2, 3], unsent.Select(u => u.Request.ItemCount).Order());
        Assert.Equal(1, queue.Counters.SentItems);
        Assert.Equal(0, queue.Counters.SendFailedItems);
        Assert.Equal(0, queue.QueueSize);
        Assert.Equal(ConsumeOutcome.Refused, (await queue.SubmitAsync(OtlpRequests.Traces(1), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_request_waiting_for_its_retry_comes_back_and_its_caller_gets_the_outcome_of_the_resend()
    {
        var clock = new ExporterClock();
        var sender = new FailingSender();
        var queue = new QueuedRetrySender(Context(clock), new SendingQueueOptions { WaitForResult = true }, FixedRetry, sender);
        queue.Start();
        var answer = queue.SubmitAsync(OtlpRequests.Traces(4), CancellationToken.None).AsTask();
        await clock.TakeWhenArmedAsync(TimeSpan.FromSeconds(1));

        var unsent = Assert.Single(await queue.WithdrawAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(4, unsent.Request.ItemCount);
        Assert.False(answer.IsCompleted);
        unsent.Answer(ConsumeResult.Success);

        Assert.Equal(ConsumeResult.Success, await answer.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, sender.Attempts);
        Assert.Equal(0, queue.Counters.SendFailedItems);
    }

    [Fact]
    public async Task Without_a_queue_a_withdrawn_retry_is_refused_so_the_caller_sends_it_elsewhere()
    {
        var clock = new ExporterClock();
        var queue = new QueuedRetrySender(Context(clock), new SendingQueueOptions { Enabled = false }, FixedRetry, new FailingSender());
        queue.Start();
        var answer = queue.SubmitAsync(OtlpRequests.Traces(2), CancellationToken.None).AsTask();
        await clock.TakeWhenArmedAsync(TimeSpan.FromSeconds(1));

        Assert.Empty(await queue.WithdrawAsync(CancellationToken.None));

        var result = await answer.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((ConsumeOutcome.Refused, DropReason.Shutdown), (result.Outcome, result.Reason));
        Assert.Equal(0, queue.Counters.SendFailedItems);
    }

    private sealed class HeldSender : IRequestSender
    {
        private int _attempts;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Attempts => Volatile.Read(ref _attempts);

        public async Task<ExportAttempt> SendAsync(TelemetryRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return ExportAttempt.Sent();
        }
    }

    private sealed class FailingSender : IRequestSender
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task<ExportAttempt> SendAsync(TelemetryRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            return Task.FromResult(ExportAttempt.Retry("unavailable"));
        }
    }
}
