using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Processors.Batch;

/// <summary>Factory of the <c>batch</c> processor.</summary>
public sealed class BatchProcessorFactory() : ProcessorFactory<BatchOptions>(new("batch", AllSignals), (section, _) => BatchOptions.Bind(section))
{
    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, BatchOptions options, Signal signal, IConsumer next)
        => new BatchProcessor(context, options, SignalKind.For(signal), next, context.Time);
}
