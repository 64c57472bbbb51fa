using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Payloads;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// Metrics over OTLP/gRPC through batch into the prometheus exporter at each concurrency level (the same series,
/// one per point of the request, updated again and again, as a fleet of steady services would), then scrapes of
/// <c>/metrics</c>. The request shape is the scenario's: fewer points per request put more of the cost on what every
/// request pays (the call, the batch, the exporter's per-request work) rather than on each point.
/// </summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="Shape">The request every caller sends.</param>
public sealed record MetricsPrometheusScenario(string Name, MetricsShape Shape) : IScenario
{
    private const int ScrapeRepetitions = 5;

    /// <inheritdoc />
    public bool IsDefault => true;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var (collector, (receiverPort, prometheusPort, service)) = await context.StartPrometheusCollectorAsync(Name, cancellationToken).ConfigureAwait(false);
        await using var owned = collector;
        try
        {
            using var driver = new GrpcExportDriver(new Uri($"http://127.0.0.1:{receiverPort}"), GrpcExportDriver.MetricsExport, MetricsPayload.Build(Shape).ToByteArray());
            await LoadLevels.RunAsync(context, Name, "points", Shape.PointsPerRequest, driver, collector, cancellationToken).ConfigureAwait(false);

            var scrape = await PrometheusScraper.ScrapeAsync(Name, ScrapeFormat.Text, new Uri($"http://127.0.0.1:{prometheusPort}/metrics"), ScrapeRepetitions, collector.Pid, null, cancellationToken).ConfigureAwait(false);
            context.Results.Scrapes.Add(scrape);
            await TelemetryChecks.NoteReceiverAsync(context, Name, service, "metric_points", cancellationToken).ConfigureAwait(false);
            context.Report($"  {Name} scrape: {scrape.Series} samples, {scrape.BodyBytes} bytes, median {scrape.MedianMilliseconds:0.0} ms");
        }
        finally
        {
            context.NoteCollectorProblems(Name, collector);
        }
    }
}
