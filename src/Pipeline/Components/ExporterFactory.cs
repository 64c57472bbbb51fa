using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>Builds exporters; one instance serves every pipeline that lists it.</summary>
public abstract class ExporterFactory(
    string type, IReadOnlyList<Signal> signals, Func<ConfigSection, string, object> bind, string stability = "beta", IReadOnlyList<string>? aliases = null)
    : ComponentFactory(type, signals, bind, stability, aliases)
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Exporter;

    /// <summary>Builds an exporter.</summary>
    public abstract IExporter Create(ComponentContext context, object options);
}
