using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>An exporter factory whose Create receives the bound options typed, no casts.</summary>
public abstract class ExporterFactory<TOptions>(
    string type, IReadOnlyList<Signal> signals, Func<ConfigSection, string, TOptions> bind, string stability = "beta", IReadOnlyList<string>? aliases = null)
    : ExporterFactory(type, signals, bind, stability, aliases)
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override IExporter Create(ComponentContext context, object options) => Create(context, (TOptions)options);

    /// <summary>Builds an exporter.</summary>
    public abstract IExporter Create(ComponentContext context, TOptions options);
}
