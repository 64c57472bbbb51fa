using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>An extension factory whose Create receives the bound options typed, no casts.</summary>
public abstract class ExtensionFactory<TOptions>(string type, Func<ConfigSection, string, TOptions> bind) : ExtensionFactory(type, bind)
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override IComponent Create(ComponentContext context, object options) => Create(context, (TOptions)options);

    /// <summary>Builds an extension.</summary>
    public abstract IComponent Create(ComponentContext context, TOptions options);
}
