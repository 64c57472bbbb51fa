using System.Globalization;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Scenarios;

namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>
/// The targets of the answer-latency work (issue 12), checked against the levels a run measured: only for the
/// scenarios and levels that ran.
/// </summary>
public static class AnswerTargets
{
    /// <summary>The caller count the issue states the batch latency target at.</summary>
    public const int BatchLatencyConcurrency = 8;

    private const double BatchP99Milliseconds = 5;
    private const double BatchThroughputShare = 0.90;
    private const double PersistentSpansPerSecond = 200_000;
    private const double FsyncP99Milliseconds = 20;

    /// <summary>Every check that the measured levels allow, in a fixed order.</summary>
    public static IReadOnlyList<TargetCheck> Evaluate(IReadOnlyList<LevelResult> levels)
    {
        var checks = new List<TargetCheck>();
        foreach (var scenario in new[] { ScenarioCatalog.GrpcBatchLatency, ScenarioCatalog.HttpBatchLatency })
        {
            var level = levels.FirstOrDefault(l => l.Scenario == scenario && l.Concurrency == BatchLatencyConcurrency);
            if (level is not null)
            {
                checks.Add(new TargetCheck(
                    $"batch in pipeline: p99 ≤ {BatchP99Milliseconds} ms at {BatchLatencyConcurrency} callers",
                    scenario,
                    level.Concurrency,
                    $"p99 {Numbers.Format(level.P99Milliseconds, "0.00")} ms" + Errors(level),
                    level.P99Milliseconds <= BatchP99Milliseconds && level.Errors == 0));
            }
        }

        foreach (var (batched, unbatched) in new[] { (ScenarioCatalog.GrpcBatchLatency, ScenarioCatalog.GrpcNoBatchNop), (ScenarioCatalog.HttpBatchLatency, ScenarioCatalog.HttpNoBatchNop) })
        {
            foreach (var level in levels.Where(l => l.Scenario == batched))
            {
                var baseline = levels.FirstOrDefault(l => l.Scenario == unbatched && l.Concurrency == level.Concurrency);
                if (baseline is null || !(baseline.ItemsPerSecond > 0))
                {
                    continue;
                }

                double share = level.ItemsPerSecond / baseline.ItemsPerSecond;
                checks.Add(new TargetCheck(
                    $"batch in pipeline: ≥ {BatchThroughputShare:0%} of the no-batch throughput",
                    batched,
                    level.Concurrency,
                    $"{Numbers.Count(level.ItemsPerSecond)} spans/s = {share.ToString("0%", CultureInfo.InvariantCulture)} of {unbatched}'s {Numbers.Count(baseline.ItemsPerSecond)}" + Errors(level),
                    share >= BatchThroughputShare && level.Errors == 0));
            }
        }

        foreach (var level in levels.Where(l => l.Scenario == ScenarioCatalog.GrpcPersistentQueue))
        {
            checks.Add(new TargetCheck(
                $"persistent queue, fsync off: ≥ {Numbers.Count(PersistentSpansPerSecond)} spans/s",
                level.Scenario,
                level.Concurrency,
                $"{Numbers.Count(level.ItemsPerSecond)} spans/s" + Errors(level),
                level.ItemsPerSecond >= PersistentSpansPerSecond && level.Errors == 0));
        }

        foreach (var level in levels.Where(l => l.Scenario == ScenarioCatalog.GrpcPersistentQueueFsync))
        {
            checks.Add(new TargetCheck(
                $"persistent queue, fsync on: p99 ≤ {FsyncP99Milliseconds} ms",
                level.Scenario,
                level.Concurrency,
                $"p99 {Numbers.Format(level.P99Milliseconds, "0.00")} ms" + Errors(level),
                level.P99Milliseconds <= FsyncP99Milliseconds && level.Errors == 0));
        }

        return checks;
    }

    // A level with failed calls (refusals included) does not meet a target, whatever its figures: the failed calls'
    // data was not taken, and the successful calls' latency leaves them out.
    private static string Errors(LevelResult level) => level.Errors == 0 ? string.Empty : $" with {level.Errors} failed call(s)";
}
