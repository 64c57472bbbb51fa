using System.Diagnostics;
using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Payloads;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// Fills the prometheus exporter with 100,000 distinct series (100 requests of 1000 points, each request its own
/// <c>set</c> label value), then times scrapes of <c>/metrics</c>: the cost a Prometheus server pays every
/// scrape interval against a large exporter. Pushes refused as retryable (a full batch buffer) are sent again.
/// </summary>
public sealed class Scrape100kScenario : IScenario
{
    private const int Requests = 100;
    private const int PushConcurrency = 4;
    private const int ScrapeRepetitions = 5;

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public string Name => "scrape-100k";

    /// <inheritdoc />
    public bool IsDefault => true;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var (collector, (receiverPort, prometheusPort, service)) = await context.StartPrometheusCollectorAsync(Name, cancellationToken).ConfigureAwait(false);
        await using var owned = collector;
        try
        {
            var bodies = Enumerable.Range(0, Requests).Select(set => GrpcFraming.Frame(MetricsPayload.Build(set).ToByteArray())).ToArray();
            using var client = new GrpcUnaryClient(new Uri($"http://127.0.0.1:{receiverPort}"), GrpcExportDriver.MetricsExport);

            // A refusal the collector marks retryable (UNAVAILABLE: the batch buffer is full while the exporter
            // catches up) is sent again after a pause, as an SDK exporter would, so that every series arrives; any
            // other failure, or a push still refused after RetryBudget, counts as failed.
            var clock = Stopwatch.StartNew();
            int next = -1;
            long failed = 0, retries = 0;
            string? firstError = null, firstRefusal = null;
            var pushers = Enumerable.Range(0, PushConcurrency).Select(_ => Task.Run(
                async () =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < bodies.Length)
                    {
                        var started = Stopwatch.GetTimestamp();
                        while (true)
                        {
                            var outcome = await client.CallAsync(bodies[index], cancellationToken).ConfigureAwait(false);
                            if (outcome.Ok)
                            {
                                break;
                            }

                            bool retryable = outcome.Error?.StartsWith("grpc-status 14", StringComparison.Ordinal) == true;
                            if (!retryable || Stopwatch.GetElapsedTime(started) > RetryBudget)
                            {
                                Interlocked.Increment(ref failed);
                                Interlocked.CompareExchange(ref firstError, outcome.Error, null);
                                break;
                            }

                            Interlocked.Increment(ref retries);
                            Interlocked.CompareExchange(ref firstRefusal, outcome.Error, null);
                            await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
                        }
                    }
                },
                cancellationToken));
            await Task.WhenAll(pushers).ConfigureAwait(false);
            var pushed = $"{Name}: pushed {Requests * MetricsPayload.PointsPerRequest:#,0} new series ({Requests} requests, {PushConcurrency} callers) in {clock.Elapsed.TotalMilliseconds:0} ms, {failed} failed, {retries} retryable refusal(s) sent again after {RetryPause.TotalMilliseconds:0} ms" + (firstRefusal is null ? string.Empty : $" (first: {firstRefusal})");
            context.Report("  " + pushed);
            context.Results.Notes.Add(pushed);
            if (failed > 0)
            {
                context.Results.Notes.Add($"{Name}: {failed} of {Requests} pushes failed, e.g. {firstError}");
            }

            var scrape = await PrometheusScraper.ScrapeAsync(Name, new Uri($"http://127.0.0.1:{prometheusPort}/metrics"), ScrapeRepetitions, collector.Pid, cancellationToken).ConfigureAwait(false);
            context.Results.Scrapes.Add(scrape);
            await TelemetryChecks.NoteReceiverAsync(context, Name, service, "metric_points", cancellationToken).ConfigureAwait(false);
            context.Report($"  {Name} scrape: {scrape.Series} samples, {scrape.BodyBytes} bytes, first {scrape.FirstMilliseconds:0} ms, median {scrape.MedianMilliseconds:0} ms");
        }
        finally
        {
            context.NoteCollectorProblems(Name, collector);
        }
    }
}
