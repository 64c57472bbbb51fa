using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Nop;

/// <summary>Factory of the <c>nop</c> exporter, which takes no settings.</summary>
public sealed class NopExporterFactory() : ExporterFactory(new("nop", AllSignals), Bind)
{
    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, object options) => new NopExporter();

    private static object Bind(ConfigSection section, string typeAsWritten)
    {
        section.ReportUnknownKeys();
        return new object();
    }
}
