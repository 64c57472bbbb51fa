namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>
/// One collector process of a scenario, from start to stop: how long it took to start, what it weighed sitting idle
/// before any load, and its peak resident set over the whole scenario.
/// </summary>
/// <param name="Scenario">The scenario that started it.</param>
/// <param name="Collector">Its name within the scenario (the scenario's own collector has the scenario's name; a forwarding scenario's downstream ends in <c>-sink</c>).</param>
/// <param name="ReadyLoggedMilliseconds">Process start until its "Everything is ready" line arrived; NaN when it never did.</param>
/// <param name="ReadyMilliseconds">Process start until the readiness probe passed (ports accept, health_check answers 200).</param>
/// <param name="CpuMillisecondsAtReady">CPU time (user + system) the process had used when the probe passed.</param>
/// <param name="SettleSeconds">How long it sat idle before <paramref name="IdleRssBytes"/> was read.</param>
/// <param name="IdleRssBytes">VmRSS after settling, before any load.</param>
/// <param name="MaxSampledRssBytes">The largest VmRSS sampled every 100 ms from ready to stop.</param>
/// <param name="PeakRssBytes">VmHWM just before it was stopped: the kernel's peak resident set since the process started.</param>
public sealed record CollectorFootprint(
    string Scenario,
    string Collector,
    double ReadyLoggedMilliseconds,
    double ReadyMilliseconds,
    double CpuMillisecondsAtReady,
    double SettleSeconds,
    long IdleRssBytes,
    long MaxSampledRssBytes,
    long PeakRssBytes)
{
    /// <summary>Whether this is the collector the scenario measures (not a forwarding scenario's downstream).</summary>
    public bool IsMain => Collector == Scenario;
}
