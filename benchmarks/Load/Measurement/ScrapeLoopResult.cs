namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>What a <see cref="ScrapeLoop"/> did while it ran.</summary>
/// <param name="Seconds">From its start until it was stopped and its last scrape had finished.</param>
/// <param name="Scrapes">Scrapes answered in full, in the expected format.</param>
/// <param name="Errors">Scrapes that failed or came back in another format.</param>
/// <param name="FirstError">The first of those, or null.</param>
/// <param name="MedianMilliseconds">Median time of the scrapes answered in full.</param>
/// <param name="MinMilliseconds">The fastest of them.</param>
/// <param name="MaxMilliseconds">The slowest of them.</param>
/// <param name="LastBodyBytes">The body size (as sent) of the last one.</param>
/// <param name="BudgetReached">Whether it stopped at its scrape budget before it was told to.</param>
public sealed record ScrapeLoopResult(
    double Seconds,
    int Scrapes,
    int Errors,
    string? FirstError,
    double MedianMilliseconds,
    double MinMilliseconds,
    double MaxMilliseconds,
    long LastBodyBytes,
    bool BudgetReached);
