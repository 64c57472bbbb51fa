using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>Builds receivers.</summary>
public abstract class ReceiverFactory(
    string type, IReadOnlyList<Signal> signals, Func<ConfigSection, string, object> bind, string stability = "beta", IReadOnlyList<string>? aliases = null)
    : ComponentFactory(type, signals, bind, stability, aliases)
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Receiver;

    /// <summary>Builds a receiver feeding the given per-signal consumers.</summary>
    public abstract IComponent Create(ComponentContext context, object options, SignalConsumers consumers);
}
