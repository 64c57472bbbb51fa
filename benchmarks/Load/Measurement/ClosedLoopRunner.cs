using System.Diagnostics;
using System.Runtime.CompilerServices;
using MiniCollector.Benchmarks.Load.Drivers;

namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>
/// Runs one load level: N callers each send the next request as soon as the previous one is answered (a closed
/// loop, so the rate finds the collector's capacity at that concurrency), first for an unmeasured warm-up, then
/// for the measured window over which the collector's CPU time and peak RSS are taken.
/// </summary>
public static class ClosedLoopRunner
{
    // After a failure a real exporter backs off; a short pause keeps a failing collector from turning the
    // benchmark into a busy loop of instant errors.
    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(10);

    // Besides the timer, every caller is bounded in count: it stops after this many calls per second of its run, far
    // above what one closed-loop caller reaches over loopback (a few thousand calls/s at sub-millisecond answers). A
    // caller that reaches it ends by itself, and the level says so, since it then measured less than its window.
    private const int MaxCallsPerSecond = 20_000;

    /// <summary>
    /// Sends load for a while without measuring anything, so that the collector's hot paths are compiled by the
    /// optimizing JIT tier before the first level: otherwise that level pays for the JIT and reads several times
    /// more CPU per item than the ones after it.
    /// </summary>
    public static async Task WarmUpAsync(IExportDriver driver, int concurrency, TimeSpan time, CancellationToken cancellationToken)
    {
        var measuring = new StrongBox<bool>(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, concurrency)
            .Select(_ => Task.Run(() => CallerAsync(driver, new WorkerTally(), measuring, CallBudget(time), stop.Token, cancellationToken), CancellationToken.None))
            .ToArray();
        try
        {
            await Task.Delay(time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the level against the collector process <paramref name="pid"/>.</summary>
    public static async Task<LevelResult> RunAsync(
        string scenario,
        string itemUnit,
        IExportDriver driver,
        int concurrency,
        int itemsPerRequest,
        TimeSpan warmup,
        TimeSpan duration,
        int pid,
        RssSampler rss,
        CancellationToken cancellationToken)
    {
        var measuring = new StrongBox<bool>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tallies = new WorkerTally[concurrency];
        var workers = new Task[concurrency];
        long budget = CallBudget(warmup + duration);
        for (int i = 0; i < concurrency; i++)
        {
            var tally = tallies[i] = new WorkerTally();
            workers[i] = Task.Run(() => CallerAsync(driver, tally, measuring, budget, stop.Token, cancellationToken), CancellationToken.None);
        }

        double cpuBefore, cpuAfter;
        long windowStart, windowEnd;
        try
        {
            await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
            rss.Restart();
            cpuBefore = ProcStats.CpuSeconds(pid) ?? double.NaN;
            windowStart = Stopwatch.GetTimestamp();
            Volatile.Write(ref measuring.Value, true);

            await Task.Delay(duration, cancellationToken).ConfigureAwait(false);

            Volatile.Write(ref measuring.Value, false);
            windowEnd = Stopwatch.GetTimestamp();
            cpuAfter = ProcStats.CpuSeconds(pid) ?? double.NaN;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        var latencies = new List<double>();
        long ok = 0, failed = 0;
        var samples = new List<string>();
        foreach (var tally in tallies)
        {
            latencies.AddRange(tally.Latencies);
            ok += tally.Ok;
            failed += tally.Failed;
            samples.AddRange(tally.ErrorSamples.Where(s => !samples.Contains(s)));
        }

        latencies.Sort();
        return new LevelResult(
            scenario,
            concurrency,
            itemUnit,
            Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds,
            ok,
            failed,
            itemsPerRequest,
            cpuAfter - cpuBefore,
            Percentiles.Of(latencies, 0.50),
            Percentiles.Of(latencies, 0.99),
            rss.MaxBytes,
            samples.Take(5).ToArray())
        {
            CallBudgetReached = tallies.Any(t => t.BudgetReached),
            MaxMilliseconds = latencies.Count > 0 ? latencies[^1] : double.NaN,
        };
    }

    private static long CallBudget(TimeSpan time) => (long)Math.Ceiling(Math.Max(time.TotalSeconds, 1) * MaxCallsPerSecond);

    private static async Task CallerAsync(IExportDriver driver, WorkerTally tally, StrongBox<bool> measuring, long budget, CancellationToken stop, CancellationToken aborted)
    {
        for (long calls = 0; !stop.IsCancellationRequested; calls++)
        {
            if (calls == budget)
            {
                tally.BudgetReached = true;
                return;
            }

            long started = Stopwatch.GetTimestamp();
            CallOutcome outcome;
            try
            {
                // The stop token is not passed on: a call in flight when the window closes is left to finish rather
                // than cancelled, so the collector never sees a burst of resets at the end of each level.
                outcome = await driver.SendAsync(aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                outcome = CallOutcome.Failure(ex.GetType().Name + ": " + ex.Message);
            }

            // A call counts when it completes inside the window: completions per second is the throughput, and calls
            // straddling either edge even out.
            bool counted = Volatile.Read(ref measuring.Value);
            if (outcome.Ok)
            {
                if (counted)
                {
                    tally.Success(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                continue;
            }

            if (counted)
            {
                tally.Failure(outcome.Error ?? "unknown");
            }

            try
            {
                await Task.Delay(FailurePause, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
