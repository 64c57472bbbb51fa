using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>Builds receivers.</summary>
public abstract class ReceiverFactory(ComponentType type, Func<ConfigSection, string, object> bind) : ComponentFactory(type, bind)
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Receiver;

    /// <summary>Builds a receiver feeding the given per-signal consumers.</summary>
    public abstract IComponent Create(ComponentContext context, object options, SignalConsumers consumers);
}
