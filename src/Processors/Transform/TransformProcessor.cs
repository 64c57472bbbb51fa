using Microsoft.Extensions.Logging;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Transform;

/// <summary>
/// The transform processor of one pipeline: the statements change the request's model in place; only when one
/// reports a change are the received bytes dropped (so unchanged requests go on as received). Under
/// <c>error_mode: propagate</c> a failing statement rejects the request.
/// </summary>
internal sealed class TransformProcessor(IConsumer next, Func<TelemetryRequest, bool> apply, ILogger logger) : IProcessor
{
    /// <inheritdoc />
    public bool MutatesData => true;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (apply(request))
            {
                request.ModelChanged();
            }
        }
        catch (OttlRuntimeException ex)
        {
            logger.LogError("Rejecting the request (error_mode: propagate): {Error}", ex.Message);
            return ValueTask.FromResult(ConsumeResult.Reject(ex.Message));
        }

        return next.ConsumeAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
