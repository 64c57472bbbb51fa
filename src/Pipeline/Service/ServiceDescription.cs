using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Service;

/// <summary>
/// The service as built: what runs (build), from which config (sources and the effective document), its pipelines,
/// its extensions in start order and every component the config defines. Extensions that describe the collector
/// (zpages) are given it through <see cref="IServiceObserver"/>.
/// </summary>
public sealed record ServiceDescription
{
    /// <summary>A service with nothing in it.</summary>
    public static ServiceDescription Empty { get; } = new();

    /// <summary>The executable's name, version and runtime.</summary>
    public BuildInfo Build { get; init; } = BuildInfo.Unknown;

    /// <summary>The config sources read, in merge order; inline YAML and <c>--set</c> are named by their keys only.</summary>
    public IReadOnlyList<string> ConfigSources { get; init; } = [];

    /// <summary>
    /// The merged, environment-expanded config; null when the config was not loaded from a document. It holds the
    /// secrets as written: show it only through <see cref="ConfigYamlWriter"/> with redaction.
    /// </summary>
    public ConfigMap? Document { get; init; }

    /// <summary>The pipelines, in written order.</summary>
    public IReadOnlyList<PipelineConfig> Pipelines { get; init; } = [];

    /// <summary>The extensions the service runs, in start order.</summary>
    public IReadOnlyList<ComponentId> Extensions { get; init; } = [];

    /// <summary>Every component the config defines (used or not), receivers, processors, exporters, extensions.</summary>
    public IReadOnlyList<ComponentDescription> Components { get; init; } = [];

    /// <summary>The latest config reload; null when none was tried.</summary>
    public ReloadStatus? LastReload { get; init; }
}
