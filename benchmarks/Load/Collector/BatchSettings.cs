namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>The batch processor settings of a scenario's collector.</summary>
/// <remarks>
/// Until commit 8d64bcb MiniCollector's batch processor answered a caller only once the batch its data went out in
/// had been consumed, so a closed-loop caller waited up to <c>timeout</c> per request: with the collector's defaults
/// (8192 items, 200 ms) a load of a few callers x 100 spans would only have measured the timer. The throughput
/// scenarios therefore run a smaller size and timeout (<c>--batch-size</c>, <c>--batch-timeout</c>) and stay
/// comparable with the runs before that change; the answer-latency scenarios run <see cref="CollectorDefaults"/>.
/// </remarks>
public sealed record BatchSettings(int SendBatchSize, string Timeout)
{
    /// <summary>The batch processor's defaults (the reference collector's): what a config with a bare <c>batch:</c> gets.</summary>
    public static BatchSettings CollectorDefaults { get; } = new(8192, "200ms");
}
