using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Report;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>Runs every configured concurrency level of one scenario against one running collector.</summary>
public static class LoadLevels
{
    /// <summary>Warms the collector up at the highest level (see <see cref="ClosedLoopRunner.WarmUpAsync"/>).</summary>
    public static Task PrewarmAsync(ScenarioContext context, IExportDriver driver, CancellationToken cancellationToken) =>
        context.Options.Prewarm > TimeSpan.Zero
            ? ClosedLoopRunner.WarmUpAsync(driver, context.Options.Levels.Max(), context.Options.Prewarm, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Runs the levels in order after a pre-warm, adding each result and printing a progress line.</summary>
    public static async Task RunAsync(ScenarioContext context, string scenario, string itemUnit, int itemsPerRequest, IExportDriver driver, CollectorProcess collector, CancellationToken cancellationToken)
    {
        await PrewarmAsync(context, driver, cancellationToken).ConfigureAwait(false);
        await using var rss = new RssSampler(collector.Pid);
        foreach (var concurrency in context.Options.Levels)
        {
            await RunLevelAsync(context, scenario, itemUnit, itemsPerRequest, driver, collector, concurrency, rss, cancellationToken).ConfigureAwait(false);
            if (collector.HasExited)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Runs one level (<c>--warmup</c>, then <c>--duration</c> measured), adds its result under <paramref name="scenario"/>,
    /// prints a progress line and notes failed calls and a reached call budget.
    /// </summary>
    public static async Task<LevelResult> RunLevelAsync(ScenarioContext context, string scenario, string itemUnit, int itemsPerRequest, IExportDriver driver, CollectorProcess collector, int concurrency, RssSampler rss, CancellationToken cancellationToken)
    {
        var result = await ClosedLoopRunner.RunAsync(
            scenario,
            itemUnit,
            driver,
            concurrency,
            itemsPerRequest,
            context.Options.Warmup,
            context.Options.Duration,
            collector.Pid,
            rss,
            cancellationToken).ConfigureAwait(false);
        context.Results.Levels.Add(result);
        context.Report(
            $"  {scenario} c={concurrency}: {Numbers.Format(result.RequestsPerSecond, "0")} req/s, {Numbers.Count(result.ItemsPerSecond)} {itemUnit}/s, " +
            $"{Numbers.Count(result.ItemsPerCpuSecond)} per CPU-s ({Numbers.Format(result.CollectorCpuPercent, "0")} % CPU), " +
            $"p50 {Numbers.Format(result.P50Milliseconds, "0.00")} ms, p99 {Numbers.Format(result.P99Milliseconds, "0.00")} ms, " +
            $"RSS {Numbers.MiB(result.MaxRssBytes)} MiB, errors {result.Errors}");
        foreach (var sample in result.ErrorSamples)
        {
            context.Report("    error: " + sample);
        }

        if (result.Errors > 0)
        {
            context.Results.Notes.Add($"{scenario} c={concurrency}: {result.Errors} failed call(s), e.g. {string.Join("; ", result.ErrorSamples)}");
        }

        if (result.CallBudgetReached)
        {
            context.Results.Notes.Add($"{scenario} c={concurrency}: a caller reached its call budget before the window ended; the level undercounts");
        }

        return result;
    }
}
