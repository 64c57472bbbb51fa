namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>One target from the issue next to what a run measured.</summary>
/// <param name="Target">The target as the issue states it.</param>
/// <param name="Scenario">The scenario measured.</param>
/// <param name="Concurrency">Concurrent callers of the level measured.</param>
/// <param name="Measured">The figure, with what it was compared with.</param>
/// <param name="Met">Whether the figure meets the target.</param>
public sealed record TargetCheck(string Target, string Scenario, int Concurrency, string Measured, bool Met);
