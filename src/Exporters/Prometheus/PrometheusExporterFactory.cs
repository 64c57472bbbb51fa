using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Prometheus;

/// <summary>Factory of the <c>prometheus</c> exporter (metrics only).</summary>
public sealed class PrometheusExporterFactory : ExporterFactory<PrometheusOptions>
{
    /// <inheritdoc />
    public override string Type => "prometheus";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Metrics];

    /// <inheritdoc />
    protected override PrometheusOptions Bind(ConfigSection section, string typeAsWritten) => PrometheusOptions.Bind(section);

    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, PrometheusOptions options) => new PrometheusExporter(context, options);
}
