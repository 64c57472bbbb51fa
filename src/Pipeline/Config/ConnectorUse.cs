using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// How the pipelines use each connector: which pipelines feed it, which it feeds, for which signal pairs. A connector
/// links a pipeline naming it as an exporter to one naming it as a receiver when it supports that pair of signals; as in
/// the reference, each use must be linked to at least one use on the other side, and the links must not form a cycle.
/// </summary>
public static class ConnectorUse
{
    /// <summary>The pipelines <paramref name="connector"/> feeds from <paramref name="from"/>, grouped by signal pair, in config order.</summary>
    public static IEnumerable<(SignalPair Pair, IReadOnlyList<PipelineConfig> Pipelines)> Targets(CollectorConfig config, ComponentId connector, Signal from)
    {
        var factory = (ConnectorFactory)config.Get(ComponentKind.Connector, connector).Factory;
        foreach (var pair in factory.Pairs.Where(p => p.From == from))
        {
            var pipelines = config.Pipelines.Where(p => p.Signal == pair.To && p.ConnectorsIn.Contains(connector)).ToList();
            if (pipelines.Count > 0)
            {
                yield return (pair, pipelines);
            }
        }
    }

    /// <summary>Reports connectors used on one side only (for the signals used) and cycles through connectors.</summary>
    public static void Check(CollectorConfig config, ConfigErrors errors)
    {
        var used = config.Pipelines.SelectMany(p => p.ConnectorsIn.Concat(p.ConnectorsOut)).Distinct().ToList();
        foreach (var id in used)
        {
            if (!config.Components.TryGetValue((ComponentKind.Connector, id), out var component))
            {
                continue;
            }

            var pairs = ((ConnectorFactory)component.Factory).Pairs;
            var asExporter = config.Pipelines.Where(p => p.ConnectorsOut.Contains(id)).ToList();
            var asReceiver = config.Pipelines.Where(p => p.ConnectorsIn.Contains(id)).ToList();
            foreach (var signal in asExporter.Select(p => p.Signal).Distinct())
            {
                if (!asReceiver.Any(r => pairs.Contains(new SignalPair(signal, r.Signal))))
                {
                    errors.Add((SourceLocation?)null, "service::pipelines",
                        $"connector \"{id}\" used as exporter in {Names(asExporter, signal)} pipeline but not used in any supported receiver pipeline{Supported(pairs)}");
                }
            }

            foreach (var signal in asReceiver.Select(p => p.Signal).Distinct())
            {
                if (!asExporter.Any(e => pairs.Contains(new SignalPair(e.Signal, signal))))
                {
                    errors.Add((SourceLocation?)null, "service::pipelines",
                        $"connector \"{id}\" used as receiver in {Names(asReceiver, signal)} pipeline but not used in any supported exporter pipeline{Supported(pairs)}");
                }
            }
        }

        foreach (var id in used.Where(id => config.Components.ContainsKey((ComponentKind.Connector, id))))
        {
            var component = config.Get(ComponentKind.Connector, id);
            foreach (var from in config.Pipelines.Where(p => p.ConnectorsOut.Contains(id)).Select(p => p.Signal).Distinct())
            {
                foreach (var (pair, pipelines) in Targets(config, id, from))
                {
                    foreach (var problem in ((ConnectorFactory)component.Factory).ProblemsWith(component.Options, pair, [.. pipelines.Select(p => p.Name)]))
                    {
                        errors.Add(problem.Location, problem.Path, problem.Message);
                    }
                }
            }
        }

        if (FindCycle(config) is { } cycle)
        {
            errors.Add((SourceLocation?)null, "service::pipelines", "cycle detected: " + cycle + " (a connector may not feed, directly or through other pipelines, a pipeline that feeds it)");
        }
    }

    /// <summary>
    /// The pipelines in the order they can be built: each after every pipeline its connectors feed (downstream first).
    /// The config must have no cycle (<see cref="Check"/>).
    /// </summary>
    public static IReadOnlyList<PipelineConfig> DownstreamFirst(CollectorConfig config)
    {
        var order = new List<PipelineConfig>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Visit(PipelineConfig pipeline)
        {
            if (!done.Add(pipeline.Name))
            {
                return;
            }

            foreach (var next in Fed(config, pipeline))
            {
                Visit(next);
            }

            order.Add(pipeline);
        }

        foreach (var pipeline in config.Pipelines)
        {
            Visit(pipeline);
        }

        return order;
    }

    // The pipelines this one's connectors feed.
    private static IEnumerable<PipelineConfig> Fed(CollectorConfig config, PipelineConfig pipeline)
        => pipeline.ConnectorsOut
            .Where(id => config.Components.ContainsKey((ComponentKind.Connector, id)))
            .SelectMany(id => Targets(config, id, pipeline.Signal).SelectMany(t => t.Pipelines));

    // A path through connectors that returns to where it started, written out; null when there is none.
    private static string? FindCycle(CollectorConfig config)
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path; true: finished
        var path = new List<string>();
        string? Visit(PipelineConfig pipeline)
        {
            if (state.TryGetValue(pipeline.Name, out var finished))
            {
                if (finished)
                {
                    return null;
                }

                var start = path.FindIndex(step => step == "pipeline \"" + pipeline.Name + "\"");
                return string.Join(" → ", path.Skip(start).Append("pipeline \"" + pipeline.Name + "\""));
            }

            state[pipeline.Name] = false;
            path.Add("pipeline \"" + pipeline.Name + "\"");
            foreach (var id in pipeline.ConnectorsOut.Where(id => config.Components.ContainsKey((ComponentKind.Connector, id))))
            {
                foreach (var next in Targets(config, id, pipeline.Signal).SelectMany(t => t.Pipelines))
                {
                    path.Add($"connector \"{id}\"");
                    if (Visit(next) is { } cycle)
                    {
                        return cycle;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[pipeline.Name] = true;
            return null;
        }

        return config.Pipelines.Select(Visit).FirstOrDefault(cycle => cycle is not null);
    }

    // As the reference writes them: [traces/in traces/2].
    private static string Names(IEnumerable<PipelineConfig> pipelines, Signal signal)
        => "[" + string.Join(" ", pipelines.Where(p => p.Signal == signal).Select(p => p.Name)) + "]";

    private static string Supported(IReadOnlyList<SignalPair> pairs)
        => $" (it connects: {string.Join(", ", pairs.Select(p => p.ToString()))})";
}
