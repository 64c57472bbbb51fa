using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>A processor factory with typed options: binding returns them and building receives them, no casts.</summary>
public abstract class ProcessorFactory<TOptions> : ProcessorFactory
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override object BindOptions(ConfigSection section, string typeAsWritten) => Bind(section, typeAsWritten);

    /// <inheritdoc />
    public sealed override IProcessor Create(ComponentContext context, object options, Signal signal, IConsumer next) => Create(context, (TOptions)options, signal, next);

    /// <summary>Binds the section, reporting every problem to the section's errors.</summary>
    protected abstract TOptions Bind(ConfigSection section, string typeAsWritten);

    /// <summary>Builds a processor of one pipeline passing its output to <paramref name="next"/>.</summary>
    public abstract IProcessor Create(ComponentContext context, TOptions options, Signal signal, IConsumer next);
}
