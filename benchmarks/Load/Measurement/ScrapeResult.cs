namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>Timings of repeated GETs of a Prometheus endpoint in one format, and what the last one returned.</summary>
/// <param name="Scenario">The scenario that scraped.</param>
/// <param name="Format">The format asked for (see <see cref="ScrapeFormat"/>).</param>
/// <param name="Series">Samples in the body (text formats: lines that are not comments; protobuf: Metric messages).</param>
/// <param name="BodyBytes">The body's size uncompressed.</param>
/// <param name="WireBytes">The body's size as sent (compressed when gzip was asked for and given).</param>
/// <param name="FirstMilliseconds">The first, untimed-for-the-median scrape (it pays for any lazily built state).</param>
/// <param name="MedianMilliseconds">Median of the timed scrapes.</param>
/// <param name="MinMilliseconds">Fastest timed scrape.</param>
/// <param name="MaxMilliseconds">Slowest timed scrape.</param>
/// <param name="Repetitions">Timed scrapes.</param>
/// <param name="RssBytesAfter">The collector's VmRSS after the last scrape.</param>
/// <param name="AllocatedBytesPerScrape">
/// The collector's managed allocation per timed scrape, from its own cumulative allocation counter; NaN when it does
/// not expose one or it was not read.
/// </param>
/// <param name="Error">Why the scrapes stopped or do not count, or null.</param>
public sealed record ScrapeResult(
    string Scenario,
    string Format,
    long Series,
    long BodyBytes,
    long WireBytes,
    double FirstMilliseconds,
    double MedianMilliseconds,
    double MinMilliseconds,
    double MaxMilliseconds,
    int Repetitions,
    long RssBytesAfter,
    double AllocatedBytesPerScrape,
    string? Error);
