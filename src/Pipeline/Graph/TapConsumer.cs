using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// Between a receiver and the pipelines it feeds: shows every accepted request to the taps that are capturing. Only
/// accepted requests are shown, so a refused request that the client sends again is not seen twice.
/// </summary>
internal sealed class TapConsumer(ComponentId receiver, IConsumer next, ITelemetryTap[] taps) : IConsumer
{
    /// <inheritdoc />
    public bool MutatesData => next.MutatesData;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        foreach (var tap in taps)
        {
            if (tap.IsCapturing)
            {
                return ConsumeAndObserveAsync(request, cancellationToken);
            }
        }

        return next.ConsumeAsync(request, cancellationToken);
    }

    private async ValueTask<ConsumeResult> ConsumeAndObserveAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var result = await next.ConsumeAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.IsAccepted)
        {
            foreach (var tap in taps)
            {
                if (tap.IsCapturing)
                {
                    tap.Observe(receiver, request);
                }
            }
        }

        return result;
    }
}
