using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>An exporter factory with typed options: binding returns them and building receives them, no casts.</summary>
public abstract class ExporterFactory<TOptions> : ExporterFactory
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override object BindOptions(ConfigSection section, string typeAsWritten) => Bind(section, typeAsWritten);

    /// <inheritdoc />
    public sealed override IExporter Create(ComponentContext context, object options) => Create(context, (TOptions)options);

    /// <summary>Binds the section, reporting every problem to the section's errors.</summary>
    protected abstract TOptions Bind(ConfigSection section, string typeAsWritten);

    /// <summary>Builds an exporter.</summary>
    public abstract IExporter Create(ComponentContext context, TOptions options);
}
