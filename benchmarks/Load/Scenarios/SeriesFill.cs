using System.Diagnostics;
using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Payloads;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// Fills a prometheus exporter with 100,000 distinct series: 100 requests of 1000 points, each request its own
/// <c>set</c> label value, pushed by a few callers at once. Pushes refused as retryable (a full batch buffer) are
/// sent again, so every series arrives.
/// </summary>
public static class SeriesFill
{
    /// <summary>Requests pushed, one series set each.</summary>
    public const int Requests = 100;

    private const int PushConcurrency = 4;

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    /// <summary>The request shape of the fill.</summary>
    public static MetricsShape Shape => MetricsShape.Points1000;

    /// <summary>Distinct series the fill creates.</summary>
    public static int Series => Requests * Shape.PointsPerRequest;

    /// <summary>
    /// Pushes the series to the OTLP gRPC receiver on <paramref name="receiverPort"/> and waits until the exporter has
    /// taken them all in (read on <paramref name="service"/>'s self-telemetry), so what is measured next neither misses
    /// series nor pays for their ingest; reports how it went and notes refusals and failures under <paramref name="scenario"/>.
    /// </summary>
    public static async Task PushAsync(ScenarioContext context, string scenario, int receiverPort, ServicePorts service, CancellationToken cancellationToken)
    {
        var bodies = Enumerable.Range(0, Requests).Select(set => GrpcFraming.Frame(MetricsPayload.Build(Shape, set).ToByteArray())).ToArray();
        using var client = new GrpcUnaryClient(new Uri($"http://127.0.0.1:{receiverPort}"), GrpcExportDriver.MetricsExport);

        // A refusal the collector marks retryable (UNAVAILABLE: the batch buffer is full while the exporter catches
        // up) is sent again after a pause, as an SDK exporter would, so that every series arrives; any other failure,
        // or a push still refused after RetryBudget, counts as failed.
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
        var pushed = $"{scenario}: pushed {Series:#,0} new series ({Requests} requests, {PushConcurrency} callers) in {clock.Elapsed.TotalMilliseconds:0} ms, {failed} failed, {retries} retryable refusal(s) sent again after {RetryPause.TotalMilliseconds:0} ms" + (firstRefusal is null ? string.Empty : $" (first: {firstRefusal})");
        context.Report("  " + pushed);
        context.Results.Notes.Add(pushed);
        if (failed > 0)
        {
            context.Results.Notes.Add($"{scenario}: {failed} of {Requests} pushes failed, e.g. {firstError}");
        }

        await TelemetryChecks.WaitExportedAsync(context, scenario, service, "metric_points", cancellationToken).ConfigureAwait(false);
    }
}
