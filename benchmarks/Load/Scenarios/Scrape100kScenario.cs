using MiniCollector.Benchmarks.Load.Measurement;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// Fills the prometheus exporter with 100,000 distinct series (<see cref="SeriesFill"/>), then times scrapes of
/// <c>/metrics</c> in every exposition format a scraper may ask for: the cost a Prometheus server pays every scrape
/// interval against a large exporter. With nothing else sent meanwhile, the collector's allocation counter read
/// around each format's scrapes is what those scrapes allocated.
/// </summary>
public sealed class Scrape100kScenario : IScenario
{
    private const int ScrapeRepetitions = 5;

    /// <inheritdoc />
    public string Name => "scrape-100k";

    /// <inheritdoc />
    public bool IsDefault => true;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var (collector, (receiverPort, prometheusPort, service)) = await context.StartPrometheusCollectorAsync(Name, cancellationToken, openMetrics: true).ConfigureAwait(false);
        await using var owned = collector;
        try
        {
            await SeriesFill.PushAsync(context, Name, receiverPort, service, cancellationToken).ConfigureAwait(false);
            foreach (var format in ScrapeFormat.All)
            {
                var scrape = await PrometheusScraper.ScrapeAsync(Name, format, new Uri($"http://127.0.0.1:{prometheusPort}/metrics"), ScrapeRepetitions, collector.Pid, service.TelemetryUri, cancellationToken).ConfigureAwait(false);
                context.Results.Scrapes.Add(scrape);
                context.Report($"  {Name} scrape ({format.Name}): {scrape.Series} samples, {scrape.BodyBytes} bytes ({scrape.WireBytes} sent), first {scrape.FirstMilliseconds:0} ms, median {scrape.MedianMilliseconds:0} ms, allocated {scrape.AllocatedBytesPerScrape / 1024:#,0} KiB per scrape{(scrape.Error is null ? string.Empty : ": " + scrape.Error)}");
                if (scrape.Error is not null)
                {
                    context.Results.Notes.Add($"{Name}: the {format.Name} scrapes stopped: {scrape.Error}");
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
