using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// The pipelines a connector feeds (those naming it as a receiver, of its output signal), each by name: most connectors
/// send to <see cref="All"/>; the routing connector picks pipelines by name.
/// </summary>
public sealed class ConnectorTargets
{
    private readonly Dictionary<string, IConsumer> _pipelines;

    /// <summary>Takes each target pipeline's entry by pipeline name, in config order.</summary>
    public ConnectorTargets(IEnumerable<KeyValuePair<string, IConsumer>> pipelines)
    {
        _pipelines = new Dictionary<string, IConsumer>(pipelines, StringComparer.Ordinal);
        Names = [.. _pipelines.Keys];
        All = FanOutConsumer.Of([.. _pipelines.Values]);
    }

    /// <summary>The target pipelines' names, in config order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Every target pipeline (one fan-out, copying for those that change data).</summary>
    public IConsumer All { get; }

    /// <summary>The entry of one target pipeline, or null when the connector does not feed a pipeline of that name.</summary>
    public IConsumer? For(string pipeline) => _pipelines.GetValueOrDefault(pipeline);

    /// <summary>Several target pipelines as one consumer (names the connector does not feed are skipped).</summary>
    public IConsumer? ForAll(IEnumerable<string> pipelines)
    {
        var consumers = pipelines.Distinct(StringComparer.Ordinal).Select(For).OfType<IConsumer>().ToList();
        return consumers.Count == 0 ? null : FanOutConsumer.Of(consumers);
    }
}
