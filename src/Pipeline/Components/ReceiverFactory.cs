namespace MiniCollector.Pipeline.Components;

/// <summary>Builds receivers.</summary>
public abstract class ReceiverFactory : ComponentFactory
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Receiver;

    /// <summary>Builds a receiver feeding the given per-signal consumers.</summary>
    public abstract IComponent Create(ComponentContext context, object options, SignalConsumers consumers);
}
