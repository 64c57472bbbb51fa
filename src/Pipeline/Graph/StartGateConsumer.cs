using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// In front of an exporter a reload replaces (same id, new config): the new pipelines are served at once, but the
/// new exporter may only start once the old one stopped (it releases its port or its persistent queue's lock). Until
/// then requests wait here instead of being refused, so the client is answered when the data is safe, as always.
/// </summary>
internal sealed class StartGateConsumer(IConsumer next, string component) : IConsumer
{
    private readonly TaskCompletionSource<bool> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public bool MutatesData => next.MutatesData;

    /// <summary>Lets requests through (<paramref name="started"/>) or refuses them from now on (it failed to start).</summary>
    public void Open(bool started) => _started.TrySetResult(started);

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var started = _started.Task;
        if (started.IsCompletedSuccessfully)
        {
            return started.Result ? next.ConsumeAsync(request, cancellationToken) : ValueTask.FromResult(NotStarted());
        }

        return WaitAndConsume(started, request, cancellationToken);
    }

    private async ValueTask<ConsumeResult> WaitAndConsume(Task<bool> started, TelemetryRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (!await started.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                return NotStarted();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ConsumeResult.Refuse($"exporter {component} was being replaced by a config reload", reason: DropReason.Cancelled);
        }

        return await next.ConsumeAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private ConsumeResult NotStarted() => ConsumeResult.Refuse($"exporter {component} failed to start after a config reload", reason: DropReason.Shutdown);
}
