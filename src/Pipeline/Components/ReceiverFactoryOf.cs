using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>A receiver factory with typed options: binding returns them and building receives them, no casts.</summary>
public abstract class ReceiverFactory<TOptions> : ReceiverFactory
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override object BindOptions(ConfigSection section, string typeAsWritten) => Bind(section, typeAsWritten);

    /// <inheritdoc />
    public sealed override IComponent Create(ComponentContext context, object options, SignalConsumers consumers) => Create(context, (TOptions)options, consumers);

    /// <summary>Binds the section, reporting every problem to the section's errors.</summary>
    protected abstract TOptions Bind(ConfigSection section, string typeAsWritten);

    /// <summary>Builds a receiver feeding the given per-signal consumers.</summary>
    public abstract IComponent Create(ComponentContext context, TOptions options, SignalConsumers consumers);
}
