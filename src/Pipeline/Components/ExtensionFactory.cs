using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>Builds extensions.</summary>
public abstract class ExtensionFactory : ComponentFactory
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Extension;

    /// <inheritdoc />
    public sealed override IReadOnlyList<Signal> Signals => [];

    /// <summary>Builds an extension.</summary>
    public abstract IComponent Create(ComponentContext context, object options);
}
