using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Consumers;

/// <summary>
/// Sends each request to several consumers concurrently and combines their answers. Consumers that mutate
/// data get their own copy; the others share the original.
/// </summary>
public sealed class FanOutConsumer : IConsumer
{
    private readonly IConsumer[] _consumers;

    public FanOutConsumer(IReadOnlyList<IConsumer> consumers)
    {
        _consumers = [.. consumers];
    }

    /// <summary>A single consumer needs no fan-out; several do.</summary>
    public static IConsumer Of(IReadOnlyList<IConsumer> consumers) => consumers.Count == 1 ? consumers[0] : new FanOutConsumer(consumers);

    /// <inheritdoc />
    public bool MutatesData => false;

    /// <inheritdoc />
    public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var pending = new ValueTask<ConsumeResult>[_consumers.Length];
        for (int i = 0; i < _consumers.Length; i++)
        {
            var consumer = _consumers[i];
            pending[i] = consumer.ConsumeAsync(consumer.MutatesData ? request.Clone() : request, cancellationToken);
        }

        var combined = ConsumeResult.Success;
        foreach (var task in pending)
        {
            ConsumeResult result;
            try
            {
                result = await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result = ConsumeResult.Refuse("the request was cancelled before every exporter took it", reason: DropReason.Cancelled);
            }

            combined = combined.CombineWith(result);
        }

        return combined;
    }
}
