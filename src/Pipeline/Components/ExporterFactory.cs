namespace MiniCollector.Pipeline.Components;

/// <summary>Builds exporters; one instance serves every pipeline that lists it.</summary>
public abstract class ExporterFactory : ComponentFactory
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Exporter;

    /// <summary>Builds an exporter.</summary>
    public abstract IExporter Create(ComponentContext context, object options);
}
