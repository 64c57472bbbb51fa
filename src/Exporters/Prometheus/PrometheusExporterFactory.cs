using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Prometheus;

/// <summary>Factory of the <c>prometheus</c> exporter (metrics only).</summary>
public sealed class PrometheusExporterFactory : ExporterFactory
{
    /// <inheritdoc />
    public override string Type => "prometheus";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Metrics];

    /// <inheritdoc />
    public override object BindOptions(ConfigSection section, string typeAsWritten) => PrometheusOptions.Bind(section);

    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, object options) => new PrometheusExporter(context, (PrometheusOptions)options);
}
