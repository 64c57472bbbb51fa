using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// Moves a running service to a new config, rebuilding only what changed (<see cref="ReloadPlan"/>). The order keeps
/// the acknowledgement contract: the new components start first, kept receivers are pointed at the new pipelines,
/// then the old ones drain (receivers stop listening, requests still in the old pipelines finish, processors and connectors flush,
/// exporters drain their queues) before they stop. A component that must take over what its old build holds (a port,
/// a persistent queue's lock) starts after the old one stopped; data for such an exporter waits at its
/// <see cref="StartGateConsumer"/> meanwhile. If a new component cannot start before the switch, nothing changes.
/// </summary>
public static class GraphReload
{
    /// <summary>Builds the graph of <paramref name="config"/> from <paramref name="running"/> and switches to it.</summary>
    public static async Task<ReloadOutcome> RunAsync(PipelineGraph running, CollectorConfig config, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var plan = ReloadPlan.Compute(running.Config, config);
        var next = PipelineGraph.BuildNext(running, config, plan, loggerFactory);
        var logger = running.Logger;
        var names = Names(running);
        foreach (var (component, name) in Names(next))
        {
            names.TryAdd(component, name);
        }

        var runningSet = new HashSet<IComponent>(running.StartOrder(), ReferenceEqualityComparer.Instance);
        var nextSet = new HashSet<IComponent>(next.StartOrder(), ReferenceEqualityComparer.Instance);
        var retiring = running.StartOrder().Where(c => !nextSet.Contains(c)).Distinct(ReferenceEqualityComparer.Instance).Cast<IComponent>().ToList();
        var fresh = next.StartOrder().Where(c => !runningSet.Contains(c)).Distinct(ReferenceEqualityComparer.Instance).Cast<IComponent>().ToList();
        var receiverIds = next.Receivers.ToDictionary<KeyValuePair<ComponentId, IComponent>, IComponent, ComponentId>(r => r.Value, r => r.Key, ReferenceEqualityComparer.Instance);

        var reconfiguredFailures = new List<string>();

        // 1. Start what is new, except what must wait for its old build to stop.
        var rebuild = new HashSet<ComponentId>();
        var started = new List<IComponent>();
        foreach (var component in fresh.Where(c => !next.Deferred.Contains(c)))
        {
            try
            {
                await component.StartAsync(cancellationToken).ConfigureAwait(false);
                started.Add(component);
            }
            catch (ComponentStartException ex) when (receiverIds.TryGetValue(component, out var id) && running.Receivers.ContainsKey(id))
            {
                // Most likely the old build still holds the port: start a fresh build once it stopped.
                logger.LogInformation("Reload: {Component} cannot start beside its old build ({Reason}); it starts once the old one stopped", names[component], ex.Message);
                await next.StopAsync(component, cancellationToken).ConfigureAwait(false);
                rebuild.Add(id);
            }
            catch (Exception ex)
            {
                for (int i = started.Count - 1; i >= 0; i--)
                {
                    await next.StopAsync(started[i], CancellationToken.None).ConfigureAwait(false);
                }

                foreach (var unused in fresh)
                {
                    next.ReleaseMetrics(unused);
                }

                return new ReloadOutcome(running, Succeeded: false) { Problems = [$"{names[component]} failed to start: {ex.Message}"] };
            }
        }

        // 1b. Kept receivers whose config changed apply it in place: what of them did not change keeps serving.
        var reconfigured = new List<string>();
        foreach (var (component, change) in next.Reconfigures)
        {
            try
            {
                await ((IReconfigurable)component).ReconfigureAsync(change, cancellationToken).ConfigureAwait(false);
                reconfigured.Add(names[component]);
            }
            catch (Exception ex) when (ex is ComponentStartException or IOException)
            {
                reconfiguredFailures.Add($"{names[component]} could not take its new config: {ex.Message}");
                logger.LogError("Reload: {Component} could not take its new config: {Reason}", names[component], ex.Message);
            }
        }

        // 2. Kept receivers take the new pipelines; what is in the old ones finishes there.
        var drains = next.Retargets.Select(r => next.ReceiverInputs[r.Key].Retarget(r.Value.Consumers, r.Value.Gates)).ToList();

        // 3. The old components that are not kept drain and stop, upstream first. Receivers and processors are told
        // first (a batch processor passes data on at once from here); extensions just before they stop.
        var retiringSet = new HashSet<IComponent>(retiring, ReferenceEqualityComparer.Instance);
        var extensions = new HashSet<IComponent>(running.Extensions.Select(e => e.Component), ReferenceEqualityComparer.Instance);
        foreach (var component in retiring)
        {
            if (component is IShutdownAware aware && !extensions.Contains(component))
            {
                aware.OnShutdownBegins();
            }
        }

        var retiringReceivers = retiring.Where(c => running.Receivers.Values.Contains(c)).ToList();
        foreach (var receiver in retiringReceivers)
        {
            await running.StopAsync(receiver, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(drains).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Reload: requests still in the old pipelines at the reload deadline; stopping them anyway");
        }

        foreach (var component in running.InnerStopOrder().Where(retiringSet.Contains).ToList())
        {
            await running.StopAsync(component, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (id, exporter) in running.Exporters.Where(e => retiringSet.Contains(e.Value)))
        {
            if (exporter is IHandsOverOnReload handsOver && next.Exporters.TryGetValue(id, out var successor))
            {
                handsOver.SucceededBy(successor);
            }

            await running.StopAsync(exporter, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (_, extension) in running.Extensions.Reverse().Where(e => retiringSet.Contains(e.Component)))
        {
            (extension as IShutdownAware)?.OnShutdownBegins();
            await running.StopAsync(extension, cancellationToken).ConfigureAwait(false);
        }

        foreach (var component in retiring)
        {
            running.ReleaseMetrics(component);
        }

        // 4. What had to wait for its old build starts now; an exporter's waiting data goes through its gate.
        var problems = new List<string>(reconfiguredFailures);
        var failed = new HashSet<IComponent>(ReferenceEqualityComparer.Instance);
        var gates = next.Exporters.Where(e => next.StartGates.ContainsKey(e.Key))
            .ToDictionary<KeyValuePair<ComponentId, IExporter>, IComponent, StartGateConsumer>(e => e.Value, e => next.StartGates[e.Key], ReferenceEqualityComparer.Instance);
        foreach (var id in rebuild)
        {
            names[next.Rebuild(id)] = "receiver/" + id;
        }

        foreach (var component in next.StartOrder().Where(next.Deferred.Contains).ToList())
        {
            try
            {
                await component.StartAsync(cancellationToken).ConfigureAwait(false);
                started.Add(component);
                gates.GetValueOrDefault(component)?.Open(started: true);
            }
            catch (Exception ex)
            {
                failed.Add(component);
                gates.GetValueOrDefault(component)?.Open(started: false);
                problems.Add($"{names[component]} failed to start: {ex.Message}");
                logger.LogError("Reload: {Component} failed to start: {Reason}", names[component], ex.Message);
            }
        }

        foreach (var component in started)
        {
            (component as IReadinessListener)?.OnServiceReady();
        }

        next.MarkRunning(failed);
        var retiredNames = retiring.Select(c => names[c]).ToHashSet();
        var freshNames = next.StartOrder().Where(c => !runningSet.Contains(c)).Select(c => names[c]).ToHashSet();
        return new ReloadOutcome(next, problems.Count == 0)
        {
            Kept = [.. next.StartOrder().Where(c => runningSet.Contains(c) && !next.Reconfigures.ContainsKey(c)).Select(c => names[c]).Distinct()],
            Reconfigured = reconfigured,
            Started = [.. freshNames.Where(n => !retiredNames.Contains(n))],
            Stopped = [.. retiredNames.Where(n => !freshNames.Contains(n))],
            Replaced = [.. freshNames.Where(retiredNames.Contains)],
            Problems = problems,
        };
    }

    // How each component is named in the outcome: kind/id, a processor with its pipeline.
    private static Dictionary<IComponent, string> Names(PipelineGraph graph)
    {
        var names = new Dictionary<IComponent, string>(ReferenceEqualityComparer.Instance);
        foreach (var (id, extension) in graph.Extensions)
        {
            names.TryAdd(extension, "extension/" + id);
        }

        foreach (var (id, exporter) in graph.Exporters)
        {
            names.TryAdd(exporter, "exporter/" + id);
        }

        foreach (var (pipeline, id, processor) in graph.Processors)
        {
            names.TryAdd(processor, $"processor/{id} in {pipeline}");
        }

        foreach (var ((id, pair), connector) in graph.Connectors)
        {
            names.TryAdd(connector, $"connector/{id} ({pair})");
        }

        foreach (var (id, receiver) in graph.Receivers)
        {
            names.TryAdd(receiver, "receiver/" + id);
        }

        return names;
    }
}
