using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>An exporter factory whose Create receives the bound options typed, no casts.</summary>
public abstract class ExporterFactory<TOptions>(ComponentType type, Func<ConfigSection, string, TOptions> bind) : ExporterFactory(type, bind)
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override IExporter Create(ComponentContext context, object options) => Create(context, (TOptions)options);

    /// <summary>Builds an exporter.</summary>
    public abstract IExporter Create(ComponentContext context, TOptions options);
}
