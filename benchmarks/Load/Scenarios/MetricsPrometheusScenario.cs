using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Payloads;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// Metrics over OTLP/gRPC through batch into the prometheus exporter at each concurrency level (the same 1000
/// series updated again and again, as a fleet of steady services would), then scrapes of <c>/metrics</c>.
/// </summary>
public sealed class MetricsPrometheusScenario : IScenario
{
    private const int ScrapeRepetitions = 5;

    /// <inheritdoc />
    public string Name => "metrics-prometheus";

    /// <inheritdoc />
    public bool IsDefault => true;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var (collector, (receiverPort, prometheusPort, service)) = await context.StartPrometheusCollectorAsync(Name, cancellationToken).ConfigureAwait(false);
        await using var owned = collector;
        try
        {
            using var driver = new GrpcExportDriver(new Uri($"http://127.0.0.1:{receiverPort}"), GrpcExportDriver.MetricsExport, MetricsPayload.Build().ToByteArray());
            await LoadLevels.RunAsync(context, Name, "points", MetricsPayload.PointsPerRequest, driver, collector, cancellationToken).ConfigureAwait(false);

            var scrape = await PrometheusScraper.ScrapeAsync(Name, new Uri($"http://127.0.0.1:{prometheusPort}/metrics"), ScrapeRepetitions, collector.Pid, cancellationToken).ConfigureAwait(false);
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
