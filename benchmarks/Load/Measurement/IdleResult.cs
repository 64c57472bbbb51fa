namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>A collector's start-up time and its footprint when idle.</summary>
public sealed record IdleResult(
    string Scenario,
    double StartToReadyMilliseconds,
    double IdleSeconds,
    long RssBytes,
    long MaxRssBytes,
    long PeakRssBytes,
    double IdleCpuPercent);
