using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>Builds exporters; one instance serves every pipeline that lists it.</summary>
public abstract class ExporterFactory(ComponentType type, Func<ConfigSection, string, object> bind) : ComponentFactory(type, bind)
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Exporter;

    /// <summary>Builds an exporter.</summary>
    public abstract IExporter Create(ComponentContext context, object options);
}
