using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Connectors.Count;

/// <summary>
/// Factory of the <c>count</c> connector: counts spans, span events, metrics, data points and log records (optionally
/// by OTTL conditions and attributes) and emits the counts as delta Sum metrics onto metrics pipelines.
/// </summary>
public sealed class CountConnectorFactory() : ConnectorFactory<CountOptions>(
    new("count", []) { Stability = "development" },
    [new(Signal.Traces, Signal.Metrics), new(Signal.Metrics, Signal.Metrics), new(Signal.Logs, Signal.Metrics)],
    (section, _) => CountOptions.Bind(section))
{
    /// <inheritdoc />
    public override IConnector Create(ComponentContext context, CountOptions options, SignalPair pair, ConnectorTargets targets)
    {
        var count = pair.From switch
        {
            Signal.Traces => CountConnector.ForTraces(options),
            Signal.Metrics => CountConnector.ForMetrics(options),
            _ => CountConnector.ForLogs(options),
        };
        return new CountConnector(count, targets.All, context.Time);
    }
}
