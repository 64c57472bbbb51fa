using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Prometheus;

/// <summary>Factory of the <c>prometheus</c> exporter (metrics only).</summary>
public sealed class PrometheusExporterFactory() : ExporterFactory<PrometheusOptions>(
    new("prometheus", [Signal.Metrics]), (section, _) => PrometheusOptions.Bind(section))
{
    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, PrometheusOptions options) => new PrometheusExporter(context, options);
}
