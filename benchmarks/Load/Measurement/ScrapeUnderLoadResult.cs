namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>One level of ingest measured twice: with no scrape, and while a <see cref="ScrapeLoop"/> ran the whole time.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Concurrency">Concurrent callers of both runs.</param>
/// <param name="Quiet">The run with no scrape.</param>
/// <param name="Scraping">The run with scrapes back to back.</param>
/// <param name="Scrapes">What the scrapes of the second run measured (over its warm-up and window).</param>
public sealed record ScrapeUnderLoadResult(string Scenario, int Concurrency, LevelResult Quiet, LevelResult Scraping, ScrapeLoopResult Scrapes);
