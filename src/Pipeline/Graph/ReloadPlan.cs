using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// What a reload keeps running: components whose effective config (<see cref="ComponentFingerprint"/>) and the
/// extensions they reference are unchanged (a kept receiver is pointed at the new pipelines, whatever signals they
/// take), and processor chains whose pipeline, processors and exporters are all unchanged. Connectors are always built
/// anew (their state, such as spanmetrics' series, starts again), and so is the chain of every pipeline exporting to one;
/// a pipeline a connector feeds keeps its chain. Everything else of the new config is built anew.
/// </summary>
internal sealed class ReloadPlan
{
    /// <summary>Extensions kept (same instance, still running).</summary>
    public HashSet<ComponentId> Extensions { get; } = [];

    /// <summary>Exporters kept.</summary>
    public HashSet<ComponentId> Exporters { get; } = [];

    /// <summary>Receivers kept: they keep their listeners and are pointed at the new pipelines.</summary>
    public HashSet<ComponentId> Receivers { get; } = [];

    /// <summary>
    /// Receivers in both configs, of the same type, whose own config changed but not the extensions they reference:
    /// kept and reconfigured in place when the running instance can (<see cref="IReconfigurable"/>), else replaced.
    /// </summary>
    public HashSet<ComponentId> ChangedReceivers { get; } = [];

    /// <summary>Pipelines whose processor chain (and the exporters behind it) is kept as it is.</summary>
    public HashSet<string> Chains { get; } = [];

    /// <summary>Compares the running config with the new one.</summary>
    public static ReloadPlan Compute(CollectorConfig running, CollectorConfig next)
    {
        var plan = new ReloadPlan();

        // Extensions may reference each other (zpages → an authenticator): repeat until nothing more drops out.
        var extensions = next.Extensions.Where(id => running.Extensions.Contains(id) && SameConfig(running, next, ComponentKind.Extension, id)).ToHashSet();
        while (extensions.RemoveWhere(id => ComponentFingerprint.ReferencedExtensions(next, ComponentKind.Extension, id).Any(r => !extensions.Contains(r))) > 0)
        {
        }

        plan.Extensions.UnionWith(extensions);

        var runningExporters = Used(running, p => p.Exporters);
        foreach (var id in Used(next, p => p.Exporters))
        {
            if (runningExporters.Contains(id) && SameConfig(running, next, ComponentKind.Exporter, id) && ExtensionsKept(plan, next, ComponentKind.Exporter, id))
            {
                plan.Exporters.Add(id);
            }
        }

        var runningReceivers = Used(running, p => p.Receivers);
        foreach (var id in Used(next, p => p.Receivers))
        {
            if (runningReceivers.Contains(id)
                && SameConfig(running, next, ComponentKind.Receiver, id)
                && ExtensionsKept(plan, next, ComponentKind.Receiver, id))
            {
                plan.Receivers.Add(id);
            }
            else if (runningReceivers.Contains(id)
                && running.Components[(ComponentKind.Receiver, id)].Factory.Type == next.Components[(ComponentKind.Receiver, id)].Factory.Type
                && ExtensionsKept(plan, next, ComponentKind.Receiver, id))
            {
                plan.ChangedReceivers.Add(id);
            }
        }

        foreach (var pipeline in next.Pipelines)
        {
            var old = running.Pipelines.FirstOrDefault(p => p.Name == pipeline.Name);
            if (old is not null
                && old.Signal == pipeline.Signal
                && old.Processors.SequenceEqual(pipeline.Processors)
                && old.Exporters.SequenceEqual(pipeline.Exporters)
                && old.ConnectorsOut.Count == 0 && pipeline.ConnectorsOut.Count == 0
                && pipeline.Processors.All(id => SameConfig(running, next, ComponentKind.Processor, id))
                && pipeline.Exporters.All(plan.Exporters.Contains))
            {
                plan.Chains.Add(pipeline.Name);
            }
        }

        return plan;
    }

    private static HashSet<ComponentId> Used(CollectorConfig config, Func<PipelineConfig, IEnumerable<ComponentId>> ids)
        => [.. config.Pipelines.SelectMany(ids)];

    private static bool SameConfig(CollectorConfig running, CollectorConfig next, ComponentKind kind, ComponentId id)
        => ComponentFingerprint.Of(next, kind, id) is { } fingerprint && fingerprint == ComponentFingerprint.Of(running, kind, id);

    private static bool ExtensionsKept(ReloadPlan plan, CollectorConfig next, ComponentKind kind, ComponentId id)
        => ComponentFingerprint.ReferencedExtensions(next, kind, id).All(plan.Extensions.Contains);
}
