using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>A connector factory whose Create receives the bound options typed, no casts.</summary>
public abstract class ConnectorFactory<TOptions>(ComponentType type, IReadOnlyList<SignalPair> pairs, Func<ConfigSection, string, TOptions> bind)
    : ConnectorFactory(type, pairs, bind)
    where TOptions : class
{
    /// <inheritdoc />
    public sealed override IConnector Create(ComponentContext context, object options, SignalPair pair, ConnectorTargets targets)
        => Create(context, (TOptions)options, pair, targets);

    /// <summary>Builds the instance for one signal pair, feeding <paramref name="targets"/>.</summary>
    public abstract IConnector Create(ComponentContext context, TOptions options, SignalPair pair, ConnectorTargets targets);
}
