using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// A connector instance for one pair of signals: it consumes what the pipelines naming it as an exporter send (the
/// pair's <see cref="SignalPair.From"/> signal) and feeds the pipelines naming it as a receiver (<see cref="SignalPair.To"/>),
/// given to it as <see cref="ConnectorTargets"/>.
/// </summary>
public interface IConnector : IConsumer, IComponent;
