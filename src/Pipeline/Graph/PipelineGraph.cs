using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Service;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// The built service: one instance per receiver and exporter id shared by every pipeline naming it, a
/// processor chain per pipeline, fan-out where one output feeds several consumers. Starts exporters →
/// processors → receivers and stops in reverse, so nothing is sent into a stopped component. A reload builds the next
/// graph from the running one (<see cref="BuildNext"/>), taking over what its <see cref="ReloadPlan"/> keeps.
/// </summary>
public sealed class PipelineGraph
{
    private readonly ILogger _logger;
    private readonly List<(ComponentId Id, IComponent Component)> _extensions = [];
    private readonly Dictionary<ComponentId, IExporter> _exporters = [];

    // What pipelines send to: the exporter itself, or a counting wrapper for exporters that count nothing themselves.
    private readonly Dictionary<ComponentId, IConsumer> _exporterInputs = [];
    private readonly List<(string Pipeline, ComponentId Id, IProcessor Processor)> _processors = [];
    private readonly Dictionary<(ComponentId Id, SignalPair Pair), IConnector> _connectors = [];

    // Processors and connectors in start order: each after everything it feeds (pipelines downstream first, each chain from its end).
    private readonly List<IComponent> _inner = [];
    private readonly Dictionary<string, PipelineEntry> _entries = [];
    private readonly Dictionary<ComponentId, IComponent> _receivers = [];
    private readonly Dictionary<ComponentId, ReceiverInputs> _receiverInputs = [];
    private readonly List<IComponent> _started = [];

    // Each built component's self-metrics owner, released when a reload stops the component for good.
    private readonly Dictionary<IComponent, object> _meterOwners = new(ReferenceEqualityComparer.Instance);

    private PipelineGraph(CollectorConfig config, ILoggerFactory loggerFactory, CollectorMeter meter, BuildInfo build)
    {
        Config = config;
        Meter = meter;
        BuildInfo = build;
        _logger = loggerFactory.CreateLogger("service");
    }

    /// <summary>The config this graph was built from.</summary>
    public CollectorConfig Config { get; }

    /// <summary>Built receivers by id.</summary>
    public IReadOnlyDictionary<ComponentId, IComponent> Receivers => _receivers;

    /// <summary>Built exporters by id.</summary>
    public IReadOnlyDictionary<ComponentId, IExporter> Exporters => _exporters;

    /// <summary>Built processors: each pipeline's chain, in the order written.</summary>
    public IReadOnlyList<(string Pipeline, ComponentId Id, IProcessor Processor)> Processors => _processors;

    /// <summary>Built connectors: one per id and signal pair used.</summary>
    public IReadOnlyDictionary<(ComponentId Id, SignalPair Pair), IConnector> Connectors => _connectors;

    /// <summary>Built extensions in start order.</summary>
    public IReadOnlyList<(ComponentId Id, IComponent Component)> Extensions => _extensions;

    internal CollectorMeter Meter { get; }

    internal BuildInfo BuildInfo { get; }

    internal ILogger Logger => _logger;

    internal IReadOnlyDictionary<ComponentId, IConsumer> ExporterInputs => _exporterInputs;

    internal IReadOnlyDictionary<ComponentId, ReceiverInputs> ReceiverInputs => _receiverInputs;

    /// <summary>Kept receivers that take a changed config in place, with the change (applied by the reload).</summary>
    internal Dictionary<IComponent, ConfigChange> Reconfigures { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Receivers kept from the running graph, with the targets they are pointed at once the new graph serves.</summary>
    internal Dictionary<ComponentId, (Func<Signal, IConsumer?> Consumers, Func<Signal, AdmissionGates> Gates)> Retargets { get; } = [];

    /// <summary>How to build a receiver again (a replaced receiver whose port the old one still held is rebuilt after it stopped).</summary>
    internal Dictionary<ComponentId, Func<IComponent>> ReceiverFactories { get; } = [];

    /// <summary>
    /// Built components that must start only after the running graph's component of the same id stopped (they take over
    /// its port, its persistent queue's lock, or depend on an extension that does); exporters among them wait behind a gate.
    /// </summary>
    internal HashSet<IComponent> Deferred { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The gates of deferred exporters, opened when they started.</summary>
    internal Dictionary<ComponentId, StartGateConsumer> StartGates { get; } = [];

    /// <summary>
    /// Builds every component the pipelines use (components defined but unused are not built, as in the reference);
    /// each registers its self-metrics on <paramref name="meter"/>, the collector's. Extensions that observe the
    /// service are then shown it, with <paramref name="build"/> as what runs.
    /// </summary>
    public static PipelineGraph Build(CollectorConfig config, ILoggerFactory loggerFactory, CollectorMeter meter, BuildInfo? build = null)
    {
        var graph = Build(config, loggerFactory, meter, build ?? BuildInfo.Unknown, running: null, plan: null);
        graph.ShowService(Describe(config, graph.BuildInfo), reload: false);
        return graph;
    }

    /// <summary>
    /// Builds the graph of <paramref name="config"/> to replace <paramref name="running"/>: what <paramref name="plan"/>
    /// keeps is taken over (same instances), the rest is built. Nothing is started; <see cref="GraphReload"/> does that.
    /// </summary>
    internal static PipelineGraph BuildNext(PipelineGraph running, CollectorConfig config, ReloadPlan plan, ILoggerFactory loggerFactory)
        => Build(config, loggerFactory, running.Meter, running.BuildInfo, running, plan);

    private static PipelineGraph Build(CollectorConfig config, ILoggerFactory loggerFactory, CollectorMeter meter, BuildInfo build, PipelineGraph? running, ReloadPlan? plan)
    {
        var graph = new PipelineGraph(config, loggerFactory, meter, build);
        var extensions = new Dictionary<ComponentId, IComponent>();
        var deferredExtensions = new HashSet<ComponentId>();
        foreach (var id in config.Extensions)
        {
            IComponent extension;
            if (plan is not null && plan.Extensions.Contains(id))
            {
                extension = running!._extensions.First(e => e.Id == id).Component;
                graph.TakeOver(running, extension);
            }
            else
            {
                var c = config.Get(ComponentKind.Extension, id);
                var factory = (ExtensionFactory)c.Factory;

                // The dictionary fills as the loop goes; an extension looks others up (an authenticator) when it starts.
                extension = graph.Create(owned => factory.Create(new ComponentContext(id, ComponentKind.Extension, loggerFactory, extensions) { Meter = owned }, c.Options));
                if (running is not null && (running.Config.Extensions.Contains(id) || References(config, ComponentKind.Extension, id, deferredExtensions)))
                {
                    deferredExtensions.Add(id);
                    graph.Deferred.Add(extension);
                }
            }

            graph._extensions.Add((id, extension));
            extensions[id] = extension;
        }

        foreach (var pipeline in config.Pipelines)
        {
            foreach (var id in pipeline.Exporters)
            {
                if (graph._exporters.ContainsKey(id))
                {
                    continue;
                }

                if (plan is not null && plan.Exporters.Contains(id))
                {
                    graph._exporters[id] = running!._exporters[id];
                    graph._exporterInputs[id] = running._exporterInputs[id];
                    graph.TakeOver(running, graph._exporters[id]);
                    continue;
                }

                var c = config.Get(ComponentKind.Exporter, id);
                IConsumer input = null!;
                var exporter = graph.Create(owned =>
                {
                    var built = ((ExporterFactory)c.Factory).Create(new ComponentContext(id, ComponentKind.Exporter, loggerFactory, extensions) { Meter = owned }, c.Options);
                    input = built is ICountingExporter ? built : new ExporterTelemetry(id, built, owned);
                    return built;
                });
                graph._exporters[id] = exporter;
                if (running is not null && (running._exporters.ContainsKey(id) || References(config, ComponentKind.Exporter, id, deferredExtensions)))
                {
                    var gate = new StartGateConsumer(input, "exporter/" + id);
                    graph.StartGates[id] = gate;
                    graph.Deferred.Add(exporter);
                    input = gate;
                }

                graph._exporterInputs[id] = input;
            }
        }

        // Each pipeline's entry: its first processor, or the fan-out to its exporters and connectors. Pipelines are built
        // downstream first, so the connectors a pipeline exports to can be given the entries of the pipelines they feed.
        foreach (var pipeline in ConnectorUse.DownstreamFirst(config))
        {
            if (plan is not null && plan.Chains.Contains(pipeline.Name))
            {
                var kept = running!._processors.Where(p => p.Pipeline == pipeline.Name).ToList();
                graph._processors.AddRange(kept);
                foreach (var (_, _, processor) in Enumerable.Reverse(kept))
                {
                    graph._inner.Add(processor);
                    graph.TakeOver(running, processor);
                }

                graph._entries[pipeline.Name] = running._entries[pipeline.Name];
                continue;
            }

            var connectors = pipeline.ConnectorsOut.SelectMany(id => graph.ConnectorsFor(config, id, pipeline.Signal, loggerFactory)).ToList();
            IConsumer next = FanOutConsumer.Of([.. pipeline.Exporters.Select(id => graph._exporterInputs[id]), .. connectors]);
            var chain = new List<(string, ComponentId, IProcessor)>();
            for (int i = pipeline.Processors.Count - 1; i >= 0; i--)
            {
                var id = pipeline.Processors[i];
                var c = config.Get(ComponentKind.Processor, id);
                var downstream = next;
                var processor = graph.Create(owned => ((ProcessorFactory)c.Factory).Create(new ComponentContext(id, ComponentKind.Processor, loggerFactory) { Meter = owned }, c.Options, pipeline.Signal, downstream));
                chain.Insert(0, (pipeline.Name, id, processor));
                graph._inner.Add(processor);
                next = processor;
            }

            graph._processors.AddRange(chain);
            bool mutates = chain.Any(c => c.Item3.MutatesData) || pipeline.Exporters.Any(id => graph._exporters[id].MutatesData) || connectors.Any(c => c.MutatesData);
            graph._entries[pipeline.Name] = new PipelineEntry(next, mutates);
        }

        ITelemetryTap[] taps = [.. graph._extensions.Select(e => e.Component).OfType<ITelemetryTap>()];
        var receiverIds = config.Pipelines.SelectMany(p => p.Receivers).Distinct().ToList();
        foreach (var id in receiverIds)
        {
            IConsumer? ConsumerFor(Signal signal)
            {
                var targets = config.Pipelines.Where(p => p.Signal == signal && p.Receivers.Contains(id)).Select(p => graph._entries[p.Name]).ToList();
                if (targets.Count == 0)
                {
                    return null;
                }

                var consumer = FanOutConsumer.Of(targets);
                return taps.Length == 0 ? consumer : new TapConsumer(id, consumer, taps);
            }

            // The memory limiters of every pipeline this receiver feeds with the signal, asked before reading a body.
            AdmissionGates GatesFor(Signal signal)
            {
                var gates = config.Pipelines.Where(p => p.Signal == signal && p.Receivers.Contains(id))
                    .SelectMany(p => graph._processors.Where(x => x.Pipeline == p.Name).Select(x => x.Processor))
                    .OfType<IAdmissionGate>()
                    .ToList();
                return gates.Count == 0 ? AdmissionGates.None : new AdmissionGates(gates);
            }

            var c = config.Get(ComponentKind.Receiver, id);
            if (plan is not null && plan.ChangedReceivers.Contains(id)
                && running!._receivers[id] is IReconfigurable reconfigurable
                && ComponentFingerprint.Node(running.Config, ComponentKind.Receiver, id) is { } previous
                && ComponentFingerprint.Node(config, ComponentKind.Receiver, id) is { } nextNode
                && new ConfigChange(c.Options, previous, nextNode) is var change
                && reconfigurable.CanReconfigure(change))
            {
                graph.Reconfigures[running._receivers[id]] = change;
            }

            if (plan is not null && (plan.Receivers.Contains(id) || (running!._receivers.TryGetValue(id, out var old) && graph.Reconfigures.ContainsKey(old))))
            {
                graph._receivers[id] = running!._receivers[id];
                graph._receiverInputs[id] = running._receiverInputs[id];
                graph.TakeOver(running, graph._receivers[id]);
                graph.Retargets[id] = (ConsumerFor, GatesFor);
                continue;
            }

            var inputs = new ReceiverInputs(ConsumerFor, GatesFor);
            IComponent Create() => graph.Create(owned => ((ReceiverFactory)c.Factory).Create(new ComponentContext(id, ComponentKind.Receiver, loggerFactory, extensions) { Meter = owned }, c.Options, inputs.Consumers));
            graph._receiverInputs[id] = inputs;
            graph._receivers[id] = Create();
            graph.ReceiverFactories[id] = Create;
            if (running is not null && References(config, ComponentKind.Receiver, id, deferredExtensions))
            {
                graph.Deferred.Add(graph._receivers[id]);
            }
        }

        return graph;
    }

    /// <summary>The service as configured: build, config sources and document, pipelines, extensions, every defined component.</summary>
    public static ServiceDescription Describe(CollectorConfig config, BuildInfo build) => new()
    {
        Build = build,
        ConfigSources = config.Sources,
        Document = config.Document,
        Pipelines = config.Pipelines,
        Extensions = config.Extensions,
        Components = [.. config.Components.Values
            .OrderBy(c => c.Factory.Kind)
            .Select(c => new ComponentDescription(c.Factory.Kind, c.Id, c.Factory.Type, c.Factory.Stability))],
    };

    /// <summary>
    /// Shows the service to the extensions that observe it: at build (before anything starts), and after a reload (the
    /// new service, or the running one with the reload's failure).
    /// </summary>
    public void ShowService(ServiceDescription service, bool reload)
    {
        foreach (var observer in _extensions.Select(e => e.Component).OfType<IServiceObserver>())
        {
            if (reload)
            {
                observer.OnServiceReloaded(service);
            }
            else
            {
                observer.OnServiceBuilt(service);
            }
        }
    }

    /// <summary>Starts everything; on failure stops what already started and rethrows.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var component in StartOrder())
            {
                await component.StartAsync(cancellationToken).ConfigureAwait(false);
                _started.Add(component);
            }
        }
        catch
        {
            await ShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        foreach (var component in _started)
        {
            (component as IReadinessListener)?.OnServiceReady();
        }

        LogPipelines();
    }

    /// <summary>Stops in reverse start order: receivers stop taking data, processors flush, exporters drain.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        foreach (var component in _started)
        {
            if (component is IShutdownAware aware)
            {
                aware.OnShutdownBegins();
            }
        }

        for (int i = _started.Count - 1; i >= 0; i--)
        {
            await StopAsync(_started[i], cancellationToken).ConfigureAwait(false);
        }

        _started.Clear();
    }

    /// <summary>Every component in start order: extensions, exporters, processors (downstream first), receivers.</summary>
    internal IEnumerable<IComponent> StartOrder()
    {
        foreach (var (_, extension) in _extensions)
        {
            yield return extension;
        }

        foreach (var exporter in _exporters.Values)
        {
            yield return exporter;
        }

        // Downstream first, so each starts after what it feeds.
        foreach (var component in _inner)
        {
            yield return component;
        }

        foreach (var receiver in _receivers.Values)
        {
            yield return receiver;
        }
    }

    /// <summary>After a reload: everything in start order runs, except <paramref name="failed"/> (they did not start).</summary>
    internal void MarkRunning(IReadOnlySet<IComponent> failed)
    {
        _started.Clear();
        _started.AddRange(StartOrder().Where(c => !failed.Contains(c)).Distinct(ReferenceEqualityComparer.Instance).Cast<IComponent>());
    }

    /// <summary>Replaces a receiver (one that could not bind while the old one held its port) by a fresh build.</summary>
    internal IComponent Rebuild(ComponentId receiver)
    {
        var old = _receivers[receiver];
        ReleaseMetrics(old);
        var fresh = ReceiverFactories[receiver]();
        _receivers[receiver] = fresh;
        Deferred.Remove(old);
        Deferred.Add(fresh);
        return fresh;
    }

    /// <summary>Removes the self-metrics a component registered (it stopped for good, or never ran).</summary>
    internal void ReleaseMetrics(IComponent component)
    {
        if (_meterOwners.Remove(component, out var owner))
        {
            Meter.Release(owner);
        }
    }

    /// <summary>Stops one component, logging (not throwing) a failure.</summary>
    internal async Task StopAsync(IComponent component, CancellationToken cancellationToken)
    {
        try
        {
            await component.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Component {Component} failed to shut down cleanly", component.GetType().Name);
        }
    }

    /// <summary>Logs each pipeline (at start, and after a reload).</summary>
    public void LogPipelines()
    {
        foreach (var pipeline in Config.Pipelines)
        {
            _logger.LogInformation(
                "Pipeline {Pipeline}: receivers [{Receivers}] → processors [{Processors}] → exporters [{Exporters}]",
                pipeline.Name,
                string.Join(", ", pipeline.Sources),
                string.Join(", ", pipeline.Processors),
                string.Join(", ", pipeline.Destinations));
        }
    }

    /// <summary>Processors and connectors in stop order: each before what it feeds, so what it flushes is taken.</summary>
    internal IEnumerable<IComponent> InnerStopOrder() => Enumerable.Reverse(_inner);

    // The connector instances a pipeline of `from` exports to under `id`, one per signal pair it is used for, built
    // at first use (the pipelines they feed are built already).
    private IEnumerable<IConnector> ConnectorsFor(CollectorConfig config, ComponentId id, Signal from, ILoggerFactory loggerFactory)
    {
        var c = config.Get(ComponentKind.Connector, id);
        foreach (var (pair, pipelines) in ConnectorUse.Targets(config, id, from))
        {
            if (!_connectors.TryGetValue((id, pair), out var connector))
            {
                var targets = new ConnectorTargets(pipelines.Select(p => KeyValuePair.Create(p.Name, (IConsumer)_entries[p.Name])));
                connector = Create(owned => ((ConnectorFactory)c.Factory).Create(new ComponentContext(id, ComponentKind.Connector, loggerFactory) { Meter = owned }, c.Options, pair, targets));
                _connectors[(id, pair)] = connector;
                _inner.Add(connector);
            }

            yield return connector;
        }
    }

    private static bool References(CollectorConfig config, ComponentKind kind, ComponentId id, HashSet<ComponentId> extensions)
        => ComponentFingerprint.ReferencedExtensions(config, kind, id).Any(extensions.Contains);

    // Builds a component with its own self-metrics owner, so a reload can remove its series when it stops.
    private T Create<T>(Func<CollectorMeter, T> build)
        where T : IComponent
    {
        var owner = new object();
        var component = build(Meter.Owned(owner));
        _meterOwners.TryAdd(component, owner);
        return component;
    }

    private void TakeOver(PipelineGraph running, IComponent component)
    {
        if (running._meterOwners.TryGetValue(component, out var owner))
        {
            _meterOwners.TryAdd(component, owner);
        }
    }
}
