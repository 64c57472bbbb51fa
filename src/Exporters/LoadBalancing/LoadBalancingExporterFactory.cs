using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>Factory of the <c>loadbalancing</c> exporter; the reference's newer name <c>load_balancing</c> is an alias.</summary>
public sealed class LoadBalancingExporterFactory() : ExporterFactory<LoadBalancingOptions>(
    new("loadbalancing", AllSignals) { Stability = "beta", Aliases = ["load_balancing"] }, (section, _) => LoadBalancingOptions.Bind(section))
{
    /// <inheritdoc />
    public override string? ProblemFor(object options, Signal signal) => ((LoadBalancingOptions)options).ProblemFor(signal);

    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, LoadBalancingOptions options) => new LoadBalancingExporter(context, options);
}
