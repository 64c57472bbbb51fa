using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// What a receiver sends one signal to: the pipelines it feeds, swappable while the receiver keeps listening. A reload
/// points it at the new pipelines; requests already inside the old ones finish there, and the reload waits for them
/// (<see cref="Swap"/>'s task) before it shuts the old processors down.
/// </summary>
internal sealed class ReloadableConsumer : IConsumer
{
    private readonly Signal _signal;
    private volatile Target _current;

    /// <param name="target">The pipelines fed; null while none takes the signal.</param>
    /// <param name="signal">The signal (for the refusal when none does).</param>
    public ReloadableConsumer(IConsumer? target, Signal signal)
    {
        _signal = signal;
        _current = new Target(target);
    }

    /// <inheritdoc />
    public bool MutatesData => _current.Consumer?.MutatesData ?? false;

    /// <summary>The pipelines it feeds now; null while none takes the signal.</summary>
    public IConsumer? Current => _current.Consumer;

    /// <summary>True while a pipeline takes the signal.</summary>
    public bool HasTarget => _current.Consumer is not null;

    /// <summary>Sends new requests to <paramref name="next"/>; the task completes when none is left in the old target.</summary>
    public Task Swap(IConsumer? next)
    {
        var old = _current;
        _current = new Target(next);
        return old.Retire();
    }

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var target = Enter();
        if (target.Consumer is not { } consumer)
        {
            // It passed the route check just before a reload removed the signal's last pipeline: the client retries
            // and is then told the endpoint is gone.
            target.Leave();
            return ValueTask.FromResult(ConsumeResult.Refuse($"a config reload just removed the last {_signal.Name()} pipeline of this receiver", reason: DropReason.Shutdown));
        }

        ValueTask<ConsumeResult> pending;
        try
        {
            pending = consumer.ConsumeAsync(request, cancellationToken);
        }
        catch
        {
            target.Leave();
            throw;
        }

        if (pending.IsCompleted)
        {
            target.Leave();
            return pending;
        }

        return AwaitAndLeave(pending, target);
    }

    private static async ValueTask<ConsumeResult> AwaitAndLeave(ValueTask<ConsumeResult> pending, Target target)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            target.Leave();
        }
    }

    // Counted in before it is used; if a swap happened in between, the count is given back and the new target taken,
    // so a retired target that reached zero never gets a new request.
    private Target Enter()
    {
        while (true)
        {
            var target = _current;
            target.Enter();
            if (ReferenceEquals(target, _current))
            {
                return target;
            }

            target.Leave();
        }
    }

    private sealed class Target(IConsumer? consumer)
    {
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private volatile bool _retired;

        public IConsumer? Consumer { get; } = consumer;

        public void Enter() => Interlocked.Increment(ref _inFlight);

        public void Leave()
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && _retired)
            {
                _drained.TrySetResult();
            }
        }

        public Task Retire()
        {
            _retired = true;
            if (Volatile.Read(ref _inFlight) == 0)
            {
                _drained.TrySetResult();
            }

            return _drained.Task;
        }
    }
}
