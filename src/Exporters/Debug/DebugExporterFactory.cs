using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Debug;

/// <summary>Factory of the <c>debug</c> exporter; the removed <c>logging</c> exporter's name is accepted as an alias.</summary>
public sealed class DebugExporterFactory : ExporterFactory<DebugOptions>
{
    /// <inheritdoc />
    public override string Type => "debug";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["logging"];

    /// <inheritdoc />
    public override string Stability => "development";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <inheritdoc />
    protected override DebugOptions Bind(ConfigSection section, string typeAsWritten) => DebugOptions.Bind(section, typeAsWritten);

    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, DebugOptions options) => new DebugExporter(context, options);
}
