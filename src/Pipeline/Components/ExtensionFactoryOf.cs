using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>An extension factory with typed options: binding returns them and building receives them, no casts.</summary>
public abstract class ExtensionFactory<TOptions> : ExtensionFactory
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override object BindOptions(ConfigSection section, string typeAsWritten) => Bind(section, typeAsWritten);

    /// <inheritdoc />
    public sealed override IComponent Create(ComponentContext context, object options) => Create(context, (TOptions)options);

    /// <summary>Binds the section, reporting every problem to the section's errors.</summary>
    protected abstract TOptions Bind(ConfigSection section, string typeAsWritten);

    /// <summary>Builds an extension.</summary>
    public abstract IComponent Create(ComponentContext context, TOptions options);
}
