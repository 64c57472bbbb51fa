using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Processors.MemoryLimiter;

/// <summary>Factory of the <c>memory_limiter</c> processor.</summary>
public sealed class MemoryLimiterProcessorFactory : ProcessorFactory<MemoryLimiterOptions>
{
    /// <inheritdoc />
    public override string Type => "memory_limiter";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <inheritdoc />
    protected override MemoryLimiterOptions Bind(ConfigSection section, string typeAsWritten) => MemoryLimiterOptions.Bind(section);

    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, MemoryLimiterOptions options, Signal signal, IConsumer next)
        => new MemoryLimiterProcessor(context, options, next);
}
