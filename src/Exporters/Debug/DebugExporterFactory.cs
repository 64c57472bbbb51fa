using MiniCollector.Pipeline.Components;

namespace MiniCollector.Exporters.Debug;

/// <summary>Factory of the <c>debug</c> exporter; the removed <c>logging</c> exporter's name is accepted as an alias.</summary>
public sealed class DebugExporterFactory() : ExporterFactory<DebugOptions>(
    new("debug", AllSignals) { Stability = "development", Aliases = ["logging"] }, DebugOptions.Bind)
{
    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, DebugOptions options) => new DebugExporter(context, options);
}
