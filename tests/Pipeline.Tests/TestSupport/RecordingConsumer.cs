using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Tests.TestSupport;

/// <summary>
/// A downstream consumer that records every request it receives and answers what it is told to; it can hold its
/// answer until a gate opens, to observe what callers see while a send is in flight.
/// </summary>
public sealed class RecordingConsumer : IConsumer
{
    private readonly Lock _lock = new();
    private readonly List<TelemetryRequest> _received = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool MutatesData { get; init; }

    /// <summary>The answer for each request (success unless told otherwise).</summary>
    public Func<TelemetryRequest, ConsumeResult> Answer { get; set; } = _ => ConsumeResult.Success;

    /// <summary>When set, every consume waits for this task before answering.</summary>
    public Task? Gate { get; set; }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<TelemetryRequest> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Items in every request received so far.</summary>
    public int TotalItems => Received.Sum(r => r.ItemCount);

    /// <summary>Answers Refuse from now on.</summary>
    public void RefuseAll(string message = "downstream unavailable") => Answer = _ => ConsumeResult.Refuse(message);

    /// <summary>Answers Fail from now on.</summary>
    public void FailAll(string message = "downstream broke") => Answer = _ => ConsumeResult.Fail(message);

    /// <inheritdoc />
    public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _received.Add(request);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        return Answer(request);
    }

    /// <summary>Waits (with a hang guard) until the received requests satisfy <paramref name="condition"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<TelemetryRequest>, bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (condition(_received))
                {
                    return;
                }

                next = _changed.Task;
            }

            await next.WaitAsync(guard.Token);
        }
    }

    /// <summary>Waits (with a hang guard) until at least <paramref name="items"/> items arrived.</summary>
    public Task WaitForItemsAsync(int items) => WaitUntilAsync(r => r.Sum(x => x.ItemCount) >= items);
}
