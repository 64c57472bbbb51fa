using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Shared;

/// <summary>
/// A processor that changes requests in place: it declares <see cref="MutatesData"/> (so a fan-out hands it its own
/// copy and pipelines without it keep sharing the received bytes), decodes the request once, and only when the
/// change reports that something changed drops the received bytes so they are encoded from the model again. A
/// request nothing applied to goes on with its received bytes.
/// </summary>
internal sealed class ModelProcessor(IConsumer next, Func<TelemetryRequest, bool> change) : IProcessor
{
    /// <inheritdoc />
    public bool MutatesData => true;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (change(request))
        {
            request.ModelChanged();
        }

        return next.ConsumeAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
