using Microsoft.Extensions.Logging;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Filter;

/// <summary>
/// The filter processor of one pipeline. It mutates (fan-out gives it its own copy); a request nothing matched goes
/// on with its received bytes, a filtered one with its model declared changed (encoded again, its items counted
/// again downstream), and a request left with nothing is not forwarded at all: the client is answered with success, as the
/// reference does. Under <c>error_mode: propagate</c> a failing condition rejects the request.
/// </summary>
internal sealed class FilterProcessor(IConsumer next, IRequestFilter filter, FilterCounter counter, ILogger logger) : IProcessor
{
    /// <inheritdoc />
    public bool MutatesData => true;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        long dropped;
        bool changed;
        try
        {
            (dropped, changed) = filter.Apply(request);
        }
        catch (OttlRuntimeException ex)
        {
            logger.LogError("Rejecting the request (error_mode: propagate): {Error}", ex.Message);
            return ValueTask.FromResult(ConsumeResult.Reject(ex.Message));
        }

        if (!changed)
        {
            return next.ConsumeAsync(request, cancellationToken);
        }

        counter.Add(dropped);
        if (filter.IsEmpty(request))
        {
            return ValueTask.FromResult(ConsumeResult.Success);
        }

        request.ModelChanged();
        return next.ConsumeAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
