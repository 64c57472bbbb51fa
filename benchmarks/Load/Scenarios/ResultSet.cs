using MiniCollector.Benchmarks.Load.Measurement;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>Everything the scenarios measured, in the order they ran, for the report.</summary>
public sealed class ResultSet
{
    /// <summary>Load levels.</summary>
    public List<LevelResult> Levels { get; } = [];

    /// <summary>Scrapes of the prometheus exporter.</summary>
    public List<ScrapeResult> Scrapes { get; } = [];

    /// <summary>Ingest levels measured without and with scrapes running beside them.</summary>
    public List<ScrapeUnderLoadResult> ScrapesUnderLoad { get; } = [];

    /// <summary>Every collector started, in order: start time, idle and peak RSS.</summary>
    public List<CollectorFootprint> Footprints { get; } = [];

    /// <summary>Start-up and idle measurements.</summary>
    public List<IdleResult> Idle { get; } = [];

    /// <summary>Things a reader of the figures must know: failed scenarios, collector warnings, driver caveats.</summary>
    public List<string> Notes { get; } = [];
}
