using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Connectors.Forward;

/// <summary>
/// Factory of the <c>forward</c> connector: passes each request unchanged from the pipelines naming it as an exporter
/// to those naming it as a receiver, of the same signal (one pipeline's output joins several others').
/// </summary>
public sealed class ForwardConnectorFactory() : ConnectorFactory<ForwardOptions>(
    new("forward", []) { Stability = "beta" },
    [new(Signal.Traces, Signal.Traces), new(Signal.Metrics, Signal.Metrics), new(Signal.Logs, Signal.Logs)],
    (section, _) => ForwardOptions.Bind(section))
{
    /// <inheritdoc />
    public override IConnector Create(ComponentContext context, ForwardOptions options, SignalPair pair, ConnectorTargets targets)
        => new ForwardConnector(targets.All);
}
