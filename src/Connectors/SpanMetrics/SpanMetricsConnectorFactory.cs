using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>
/// Factory of the <c>spanmetrics</c> connector: R.E.D. metrics (calls, duration, optionally events) from the spans of
/// the traces pipelines naming it as an exporter, for the metrics pipelines naming it as a receiver.
/// </summary>
public sealed class SpanMetricsConnectorFactory() : ConnectorFactory<SpanMetricsOptions>(
    new("spanmetrics", []) { Stability = "alpha" },
    [new(Signal.Traces, Signal.Metrics)],
    (section, _) => SpanMetricsOptions.Bind(section))
{
    /// <inheritdoc />
    public override IConnector Create(ComponentContext context, SpanMetricsOptions options, SignalPair pair, ConnectorTargets targets)
        => new SpanMetricsConnector(context, options, targets.All);
}
