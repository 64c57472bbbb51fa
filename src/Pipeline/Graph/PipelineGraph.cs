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
/// processors → receivers and stops in reverse, so nothing is sent into a stopped component.
/// </summary>
public sealed class PipelineGraph
{
    private readonly ILogger _logger;
    private readonly List<(ComponentId Id, IComponent Component)> _extensions = [];
    private readonly Dictionary<ComponentId, IExporter> _exporters = [];

    // What pipelines send to: the exporter itself, or a counting wrapper for exporters that count nothing themselves.
    private readonly Dictionary<ComponentId, IConsumer> _exporterInputs = [];
    private readonly List<(string Pipeline, ComponentId Id, IProcessor Processor)> _processors = [];
    private readonly Dictionary<ComponentId, IComponent> _receivers = [];
    private readonly List<IComponent> _started = [];
    private readonly CollectorConfig _config;

    private PipelineGraph(CollectorConfig config, ILoggerFactory loggerFactory)
    {
        _config = config;
        _logger = loggerFactory.CreateLogger("service");
    }

    /// <summary>Built receivers by id.</summary>
    public IReadOnlyDictionary<ComponentId, IComponent> Receivers => _receivers;

    /// <summary>Built exporters by id.</summary>
    public IReadOnlyDictionary<ComponentId, IExporter> Exporters => _exporters;

    /// <summary>Built processors: each pipeline's chain, in the order written.</summary>
    public IReadOnlyList<(string Pipeline, ComponentId Id, IProcessor Processor)> Processors => _processors;

    /// <summary>Built extensions in start order.</summary>
    public IReadOnlyList<(ComponentId Id, IComponent Component)> Extensions => _extensions;

    /// <summary>
    /// Builds every component the pipelines use (components defined but unused are not built, as in the reference);
    /// each registers its self-metrics on <paramref name="meter"/>, the collector's. Extensions that observe the
    /// service are then shown it, with <paramref name="build"/> as what runs.
    /// </summary>
    public static PipelineGraph Build(CollectorConfig config, ILoggerFactory loggerFactory, CollectorMeter meter, BuildInfo? build = null)
    {
        var graph = new PipelineGraph(config, loggerFactory);
        var extensions = new Dictionary<ComponentId, IComponent>();
        foreach (var id in config.Extensions)
        {
            var c = config.Get(ComponentKind.Extension, id);
            var factory = (ExtensionFactory)c.Factory;
            // The dictionary fills as the loop goes; an extension looks others up (an authenticator) when it starts.
            var extension = factory.Create(new ComponentContext(id, ComponentKind.Extension, loggerFactory, extensions) { Meter = meter }, c.Options);
            graph._extensions.Add((id, extension));
            extensions[id] = extension;
        }

        foreach (var pipeline in config.Pipelines)
        {
            foreach (var id in pipeline.Exporters)
            {
                if (!graph._exporters.ContainsKey(id))
                {
                    var c = config.Get(ComponentKind.Exporter, id);
                    var exporter = ((ExporterFactory)c.Factory).Create(new ComponentContext(id, ComponentKind.Exporter, loggerFactory, extensions) { Meter = meter }, c.Options);
                    graph._exporters[id] = exporter;
                    graph._exporterInputs[id] = exporter is ICountingExporter ? exporter : new ExporterTelemetry(id, exporter, meter);
                }
            }
        }

        // Each pipeline's entry: its first processor, or the fan-out to its exporters.
        var entries = new Dictionary<string, IConsumer>();
        foreach (var pipeline in config.Pipelines)
        {
            IConsumer next = FanOutConsumer.Of([.. pipeline.Exporters.Select(id => graph._exporterInputs[id])]);
            var chain = new List<(string, ComponentId, IProcessor)>();
            for (int i = pipeline.Processors.Count - 1; i >= 0; i--)
            {
                var id = pipeline.Processors[i];
                var c = config.Get(ComponentKind.Processor, id);
                var processor = ((ProcessorFactory)c.Factory).Create(new ComponentContext(id, ComponentKind.Processor, loggerFactory) { Meter = meter }, c.Options, pipeline.Signal, next);
                chain.Insert(0, (pipeline.Name, id, processor));
                next = processor;
            }

            graph._processors.AddRange(chain);
            bool mutates = chain.Any(c => c.Item3.MutatesData) || pipeline.Exporters.Any(id => graph._exporters[id].MutatesData);
            entries[pipeline.Name] = new PipelineEntry(next, mutates);
        }

        ITelemetryTap[] taps = [.. graph._extensions.Select(e => e.Component).OfType<ITelemetryTap>()];
        var receiverIds = config.Pipelines.SelectMany(p => p.Receivers).Distinct().ToList();
        foreach (var id in receiverIds)
        {
            IConsumer? ConsumerFor(Signal signal)
            {
                var targets = config.Pipelines.Where(p => p.Signal == signal && p.Receivers.Contains(id)).Select(p => entries[p.Name]).ToList();
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
            var consumers = new SignalConsumers(ConsumerFor, GatesFor);
            graph._receivers[id] = ((ReceiverFactory)c.Factory).Create(new ComponentContext(id, ComponentKind.Receiver, loggerFactory, extensions) { Meter = meter }, c.Options, consumers);
        }

        var observers = graph._extensions.Select(e => e.Component).OfType<IServiceObserver>().ToList();
        if (observers.Count > 0)
        {
            var service = Describe(config, build ?? BuildInfo.Unknown);
            foreach (var observer in observers)
            {
                observer.OnServiceBuilt(service);
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

    /// <summary>Starts everything; on failure stops what already started and rethrows.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (_, extension) in _extensions)
            {
                await StartOne(extension, cancellationToken).ConfigureAwait(false);
            }

            foreach (var exporter in _exporters.Values)
            {
                await StartOne(exporter, cancellationToken).ConfigureAwait(false);
            }

            // Downstream processors first, so each starts after what it feeds.
            for (int i = _processors.Count - 1; i >= 0; i--)
            {
                await StartOne(_processors[i].Processor, cancellationToken).ConfigureAwait(false);
            }

            foreach (var receiver in _receivers.Values)
            {
                await StartOne(receiver, cancellationToken).ConfigureAwait(false);
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

        foreach (var pipeline in _config.Pipelines)
        {
            _logger.LogInformation(
                "Pipeline {Pipeline}: receivers [{Receivers}] → processors [{Processors}] → exporters [{Exporters}]",
                pipeline.Name,
                string.Join(", ", pipeline.Receivers),
                string.Join(", ", pipeline.Processors),
                string.Join(", ", pipeline.Exporters));
        }
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
            var component = _started[i];
            try
            {
                await component.ShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Component {Component} failed to shut down cleanly", component.GetType().Name);
            }
        }

        _started.Clear();
    }

    private async Task StartOne(IComponent component, CancellationToken cancellationToken)
    {
        await component.StartAsync(cancellationToken).ConfigureAwait(false);
        _started.Add(component);
    }
}
