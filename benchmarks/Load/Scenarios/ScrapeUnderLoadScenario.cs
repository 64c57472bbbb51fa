using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Payloads;
using MiniCollector.Benchmarks.Load.Report;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// Whether a large scrape holds up ingest: fills the prometheus exporter with 100,000 series (<see cref="SeriesFill"/>),
/// then runs 100-point requests (their own 100 series, updated again and again) at each level twice, once with no
/// scrape and once while text scrapes of the whole exporter run back to back, and sets the two side by side.
/// </summary>
public sealed class ScrapeUnderLoadScenario : IScenario
{
    /// <summary>Suffix of the load rows measured with no scrape.</summary>
    public const string QuietRow = " (no scrape)";

    /// <summary>Suffix of the load rows measured while scraping.</summary>
    public const string ScrapingRow = " (scraping)";

    private const int ScrapeRepetitions = 5;

    // The scrape loop's count bound: far above what back-to-back scrapes of 100k series reach (each takes tens of
    // milliseconds at best), so only a collector answering at once with something short could reach it.
    private const int MaxScrapesPerSecond = 100;

    /// <inheritdoc />
    public string Name => "scrape-under-load";

    /// <inheritdoc />
    public bool IsDefault => true;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var (collector, (receiverPort, prometheusPort, service)) = await context.StartPrometheusCollectorAsync(Name, cancellationToken).ConfigureAwait(false);
        await using var owned = collector;
        try
        {
            await SeriesFill.PushAsync(context, Name, receiverPort, service, cancellationToken).ConfigureAwait(false);
            var scrapeUri = new Uri($"http://127.0.0.1:{prometheusPort}/metrics");

            // Scrapes with nothing else running: the time the scrapes under load are compared with, the proof that the
            // fill arrived (the sample count), and for a JIT build the scrape path compiled before it is measured.
            var alone = await PrometheusScraper.ScrapeAsync(Name, ScrapeFormat.Text, scrapeUri, ScrapeRepetitions, collector.Pid, null, cancellationToken).ConfigureAwait(false);
            context.Results.Scrapes.Add(alone);
            context.Report($"  {Name} scrape alone: {alone.Series} samples, {alone.BodyBytes} bytes, median {alone.MedianMilliseconds:0} ms");

            var shape = MetricsShape.Points100;
            using var driver = new GrpcExportDriver(new Uri($"http://127.0.0.1:{receiverPort}"), GrpcExportDriver.MetricsExport, MetricsPayload.Build(shape).ToByteArray());
            await LoadLevels.PrewarmAsync(context, driver, cancellationToken).ConfigureAwait(false);
            await using var rss = new RssSampler(collector.Pid);
            int maxScrapes = (int)Math.Ceiling((context.Options.Warmup + context.Options.Duration).TotalSeconds * MaxScrapesPerSecond);
            foreach (var concurrency in context.Options.Levels)
            {
                var quiet = await LoadLevels.RunLevelAsync(context, Name + QuietRow, "points", shape.PointsPerRequest, driver, collector, concurrency, rss, cancellationToken).ConfigureAwait(false);

                // The loop starts before the level's warm-up, so the measured window never sees a moment without a
                // scrape in flight.
                var loop = ScrapeLoop.Start(scrapeUri, ScrapeFormat.Text, maxScrapes, cancellationToken);
                LevelResult scraping;
                ScrapeLoopResult scrapes;
                try
                {
                    scraping = await LoadLevels.RunLevelAsync(context, Name + ScrapingRow, "points", shape.PointsPerRequest, driver, collector, concurrency, rss, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    scrapes = await loop.StopAsync().ConfigureAwait(false);
                }

                context.Results.ScrapesUnderLoad.Add(new ScrapeUnderLoadResult(Name, concurrency, quiet, scraping, scrapes));
                context.Report($"  {Name} c={concurrency}: {scrapes.Scrapes} scrapes in {scrapes.Seconds:0.0} s, median {Numbers.Format(scrapes.MedianMilliseconds, "0")} ms, max {Numbers.Format(scrapes.MaxMilliseconds, "0")} ms, {scrapes.Errors} failed");
                if (scrapes.Errors > 0)
                {
                    context.Results.Notes.Add($"{Name} c={concurrency}: {scrapes.Errors} scrape(s) under load failed, e.g. {scrapes.FirstError}");
                }

                if (scrapes.BudgetReached)
                {
                    context.Results.Notes.Add($"{Name} c={concurrency}: the scrape loop reached its budget of {maxScrapes} scrapes before the level ended");
                }

                if (collector.HasExited)
                {
                    break;
                }
            }

            await TelemetryChecks.NoteReceiverAsync(context, Name, service, "metric_points", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.NoteCollectorProblems(Name, collector);
        }
    }
}
