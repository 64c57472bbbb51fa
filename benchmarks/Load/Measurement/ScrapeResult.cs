namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>Timings of repeated GETs of a Prometheus endpoint, and what the last one returned.</summary>
public sealed record ScrapeResult(
    string Scenario,
    long Series,
    long BodyBytes,
    double FirstMilliseconds,
    double MedianMilliseconds,
    double MinMilliseconds,
    double MaxMilliseconds,
    int Repetitions,
    long RssBytesAfter,
    string? Error);
