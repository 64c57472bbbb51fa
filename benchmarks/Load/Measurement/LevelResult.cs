namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>What one load level measured: the client's view and the collector process's cost.</summary>
public sealed record LevelResult(
    string Scenario,
    int Concurrency,
    string ItemUnit,
    double Seconds,
    long Requests,
    long Errors,
    int ItemsPerRequest,
    double CollectorCpuSeconds,
    double P50Milliseconds,
    double P99Milliseconds,
    long MaxRssBytes,
    IReadOnlyList<string> ErrorSamples)
{
    /// <summary>The slowest successful call completed in the window; NaN when none was.</summary>
    public double MaxMilliseconds { get; init; } = double.NaN;

    /// <summary>Whether a caller stopped at its call budget before the window ended (the level then undercounts).</summary>
    public bool CallBudgetReached { get; init; }

    /// <summary>Successful requests per second.</summary>
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>Items (spans, data points) accepted per second.</summary>
    public double ItemsPerSecond => Requests * (double)ItemsPerRequest / Seconds;

    /// <summary>Items accepted per second of collector CPU time; NaN when no CPU time was measured.</summary>
    public double ItemsPerCpuSecond => CollectorCpuSeconds > 0 ? Requests * (double)ItemsPerRequest / CollectorCpuSeconds : double.NaN;

    /// <summary>Collector CPU use over the window, in percent of one core.</summary>
    public double CollectorCpuPercent => CollectorCpuSeconds / Seconds * 100;
}
