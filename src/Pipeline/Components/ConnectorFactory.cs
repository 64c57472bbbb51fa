using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// Builds connectors: one instance per connector id and supported signal pair it is used with (a connector in a
/// traces pipeline's exporters and in a metrics and a traces pipeline's receivers has a traces → metrics and a
/// traces → traces instance).
/// </summary>
/// <param name="type">The type's name and stability; its signals are the input signals of <paramref name="pairs"/>.</param>
/// <param name="pairs">Every signal pair the connector supports.</param>
/// <param name="bind">Binds the config section into the options.</param>
public abstract class ConnectorFactory(ComponentType type, IReadOnlyList<SignalPair> pairs, Func<ConfigSection, string, object> bind)
    : ComponentFactory(type with { Signals = [.. pairs.Select(p => p.From).Distinct()] }, bind)
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Connector;

    /// <summary>Every signal pair the connector supports.</summary>
    public IReadOnlyList<SignalPair> Pairs { get; } = pairs;

    /// <summary>Builds the instance for one signal pair, feeding <paramref name="targets"/> (pipelines of <see cref="SignalPair.To"/>).</summary>
    public abstract IConnector Create(ComponentContext context, object options, SignalPair pair, ConnectorTargets targets);

    /// <summary>
    /// Why these options cannot serve <paramref name="pair"/> feeding the pipelines named <paramref name="targets"/>
    /// (a route naming a pipeline the connector does not feed); checked where pipelines are read, so <c>validate</c> reports it.
    /// </summary>
    public virtual IEnumerable<ConfigError> ProblemsWith(object options, SignalPair pair, IReadOnlyList<string> targets) => [];
}
