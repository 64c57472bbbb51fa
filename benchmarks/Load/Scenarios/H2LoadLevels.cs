using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Report;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>Runs every configured concurrency level of a gRPC scenario with h2load as the client.</summary>
public static class H2LoadLevels
{
    /// <summary>Runs the levels in order, adding each result and printing a progress line.</summary>
    public static async Task RunAsync(ScenarioContext context, string scenario, string itemUnit, int itemsPerRequest, Uri uri, byte[] message, CollectorProcess collector, CancellationToken cancellationToken)
    {
        var bodyFile = Path.Combine(context.WorkDirectory, scenario + ".grpc-body");
        await File.WriteAllBytesAsync(bodyFile, GrpcFraming.Frame(message), cancellationToken).ConfigureAwait(false);
        await using var rss = new RssSampler(collector.Pid);
        foreach (var concurrency in context.Options.Levels)
        {
            var logFile = Path.Combine(context.WorkDirectory, $"{scenario}-c{concurrency}.h2load.log");
            var result = await H2LoadRun.RunAsync(scenario, itemUnit, uri, bodyFile, logFile, concurrency, itemsPerRequest, context.Options.Warmup, context.Options.Duration, collector.Pid, rss, cancellationToken).ConfigureAwait(false);
            context.Results.Levels.Add(result with { Scenario = scenario + " (h2load)" });
            context.Report(
                $"  {scenario} (h2load) c={concurrency}: {Numbers.Format(result.RequestsPerSecond, "0")} req/s, {Numbers.Count(result.ItemsPerCpuSecond)} {itemUnit} per CPU-s, " +
                $"p50 {Numbers.Format(result.P50Milliseconds, "0.00")} ms, p99 {Numbers.Format(result.P99Milliseconds, "0.00")} ms, errors {result.Errors}");
            if (result.Errors > 0)
            {
                context.Results.Notes.Add($"{scenario} (h2load) c={concurrency}: {result.Errors} failed request(s); {string.Join("; ", result.ErrorSamples)}");
            }
        }

        context.Results.Notes.Add($"{scenario} (h2load): h2load counts HTTP 200 as success without reading grpc-status trailers");
    }
}
