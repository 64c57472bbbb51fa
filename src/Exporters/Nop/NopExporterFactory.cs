using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Nop;

/// <summary>Factory of the <c>nop</c> exporter, which takes no settings.</summary>
public sealed class NopExporterFactory : ExporterFactory
{
    /// <inheritdoc />
    public override string Type => "nop";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <inheritdoc />
    public override object BindOptions(ConfigSection section, string typeAsWritten)
    {
        section.ReportUnknownKeys();
        return new object();
    }

    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, object options) => new NopExporter();
}
