using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>A receiver factory whose Create receives the bound options typed, no casts.</summary>
public abstract class ReceiverFactory<TOptions>(ComponentType type, Func<ConfigSection, string, TOptions> bind) : ReceiverFactory(type, bind)
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override IComponent Create(ComponentContext context, object options, SignalConsumers consumers) => Create(context, (TOptions)options, consumers);

    /// <summary>Builds a receiver feeding the given per-signal consumers.</summary>
    public abstract IComponent Create(ComponentContext context, TOptions options, SignalConsumers consumers);
}
