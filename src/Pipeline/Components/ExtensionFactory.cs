using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>Builds extensions, which handle no signal.</summary>
public abstract class ExtensionFactory(string type, Func<ConfigSection, string, object> bind) : ComponentFactory(new ComponentType(type, []), bind)
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Extension;

    /// <summary>Builds an extension.</summary>
    public abstract IComponent Create(ComponentContext context, object options);
}
