using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>A processor factory whose Create receives the bound options typed, no casts.</summary>
public abstract class ProcessorFactory<TOptions>(ComponentType type, Func<ConfigSection, string, TOptions> bind) : ProcessorFactory(type, bind)
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override IProcessor Create(ComponentContext context, object options, Signal signal, IConsumer next) => Create(context, (TOptions)options, signal, next);

    /// <summary>Builds a processor of one pipeline passing its output to <paramref name="next"/>.</summary>
    public abstract IProcessor Create(ComponentContext context, TOptions options, Signal signal, IConsumer next);
}
