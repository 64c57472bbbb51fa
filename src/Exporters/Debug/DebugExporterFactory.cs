using MiniCollector.Pipeline.Components;

namespace MiniCollector.Exporters.Debug;

/// <summary>Factory of the <c>debug</c> exporter; the removed <c>logging</c> exporter's name is accepted as an alias.</summary>
public sealed class DebugExporterFactory() : ExporterFactory<DebugOptions>(
    "debug", AllSignals, DebugOptions.Bind, stability: "development", aliases: ["logging"])
{
    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, DebugOptions options) => new DebugExporter(context, options);
}
