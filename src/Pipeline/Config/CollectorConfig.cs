using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Config;

/// <summary>A validated collector config: components with bound options, pipelines and service settings.</summary>
public sealed class CollectorConfig
{
    /// <summary>Defined components of every kind, by kind and id.</summary>
    public Dictionary<(ComponentKind Kind, ComponentId Id), ComponentConfig> Components { get; } = [];

    /// <summary>The pipelines, in written order.</summary>
    public List<PipelineConfig> Pipelines { get; } = [];

    /// <summary>Extensions the service runs, in written order.</summary>
    public List<ComponentId> Extensions { get; } = [];

    /// <summary>The minimum level of the collector's own logs (<c>service::telemetry::logs::level</c>).</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>Where the collector serves its own metrics; null when <c>service::telemetry::metrics::level</c> is none.</summary>
    public string? TelemetryMetricsEndpoint { get; set; } = "localhost:8888";

    /// <summary>One-line notices for the log (old names accepted, and similar).</summary>
    public List<string> Notices { get; } = [];

    /// <summary>
    /// Valid but risky combinations (e.g. the batch processor in front of a persistent queue), printed by
    /// <c>validate</c> and logged at start.
    /// </summary>
    public List<string> Warnings { get; } = [];

    /// <summary>
    /// The merged, environment-expanded document this config was parsed from (secrets included: render it with
    /// <see cref="ConfigYamlWriter"/>, which redacts them); null when built without one.
    /// </summary>
    public ConfigMap? Document { get; set; }

    /// <summary>The config sources read, in merge order, as <see cref="ConfigSourceNames"/> names them.</summary>
    public IReadOnlyList<string> Sources { get; set; } = [];

    /// <summary>Looks a defined component up.</summary>
    public ComponentConfig Get(ComponentKind kind, ComponentId id) => Components[(kind, id)];
}

/// <summary>One defined component: its id, its factory and its bound options.</summary>
public sealed record ComponentConfig(ComponentId Id, ComponentFactory Factory, object Options, string Path);

/// <summary>
/// One pipeline of <c>service::pipelines</c>, e.g. <c>traces</c> or <c>metrics/prom</c>. Connectors named in its
/// receivers or exporters lists are kept apart from the receivers and exporters proper.
/// </summary>
public sealed record PipelineConfig(string Name, Signal Signal, IReadOnlyList<ComponentId> Receivers, IReadOnlyList<ComponentId> Processors, IReadOnlyList<ComponentId> Exporters)
{
    /// <summary>Connectors in the receivers list: they feed this pipeline with what other pipelines export to them.</summary>
    public IReadOnlyList<ComponentId> ConnectorsIn { get; init; } = [];

    /// <summary>Connectors in the exporters list: this pipeline's output goes to them.</summary>
    public IReadOnlyList<ComponentId> ConnectorsOut { get; init; } = [];

    /// <summary>The receivers list as the pipeline takes it: receivers, then connectors.</summary>
    public IEnumerable<ComponentId> Sources => Receivers.Concat(ConnectorsIn);

    /// <summary>The exporters list as the pipeline sends to it: exporters, then connectors.</summary>
    public IEnumerable<ComponentId> Destinations => Exporters.Concat(ConnectorsOut);
}
