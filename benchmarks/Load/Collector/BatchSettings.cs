namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>The batch processor settings the load scenarios use.</summary>
/// <remarks>
/// MiniCollector's batch processor answers a caller only once the batch its data went out in has been consumed,
/// so a closed-loop caller waits up to <c>timeout</c> per request. With the collector's defaults (8192 items,
/// 200 ms) a load of a few callers x 100 spans would only ever measure the timer; a smaller size and timeout make
/// the levels measure the data path while still merging requests.
/// </remarks>
public sealed record BatchSettings(int SendBatchSize, string Timeout);
