namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>The load shape of a run, for the report header.</summary>
public sealed record RunSettings(
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<int> Levels,
    TimeSpan Duration,
    TimeSpan Warmup,
    TimeSpan Prewarm,
    int BatchSize,
    string BatchTimeout,
    int TraceRequestBytes,
    int MetricsRequestBytes,
    int Metrics100RequestBytes,
    bool H2Load,
    TimeSpan Settle);
