using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Graph;

/// <summary>
/// A receiver's consumer is swapped by a reload: new requests go to the new pipelines at once, a request already in
/// the old ones finishes there, and the swap's task completes only when the old pipelines hold no request.
/// </summary>
public sealed class ReloadableConsumerTests
{
    [Fact]
    public async Task The_swap_completes_when_the_request_in_the_old_target_finished_and_new_requests_go_to_the_new_one()
    {
        var old = new HeldConsumer();
        var next = new HeldConsumer();
        next.Complete();
        var consumer = new ReloadableConsumer(old, Signal.Traces);

        var inFlight = consumer.ConsumeAsync(Request(), CancellationToken.None);
        var drained = consumer.Swap(next);
        Assert.False(drained.IsCompleted);

        Assert.True((await consumer.ConsumeAsync(Request(), CancellationToken.None)).IsAccepted);
        Assert.Equal(1, old.Calls);
        Assert.Equal(1, next.Calls);

        old.Complete();
        Assert.True((await inFlight).IsAccepted);
        await drained.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Without_a_target_the_signal_is_not_served_and_a_late_request_is_refused_retryably()
    {
        var consumer = new ReloadableConsumer(new HeldConsumer(), Signal.Logs);
        await consumer.Swap(null).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(consumer.HasTarget);
        var result = await consumer.ConsumeAsync(Request(), CancellationToken.None);
        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
    }

    private static TelemetryRequest Request() => TracesKind.Instance.FromModel(TracesCase.Instance.Build(R("svc", S("scope", 1))));

    private sealed class HeldConsumer : IConsumer
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool MutatesData => false;

        public void Complete() => _release.TrySetResult();

        public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await _release.Task;
            return ConsumeResult.Success;
        }
    }
}
