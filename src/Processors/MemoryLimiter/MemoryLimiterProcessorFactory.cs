using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Processors.MemoryLimiter;

/// <summary>Factory of the <c>memory_limiter</c> processor.</summary>
public sealed class MemoryLimiterProcessorFactory() : ProcessorFactory<MemoryLimiterOptions>(
    new("memory_limiter", AllSignals), (section, _) => MemoryLimiterOptions.Bind(section))
{
    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, MemoryLimiterOptions options, Signal signal, IConsumer next)
        => new MemoryLimiterProcessor(context, options, next);
}
