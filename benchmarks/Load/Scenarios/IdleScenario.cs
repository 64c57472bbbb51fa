using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Measurement;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// The shipped default pipeline shape on free ports: time from process start until both OTLP ports accept
/// connections and the health check answers 200, then the footprint after sitting idle.
/// </summary>
public sealed class IdleScenario : IScenario
{
    private static readonly TimeSpan IdleTime = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public string Name => "idle";

    /// <inheritdoc />
    public bool IsDefault => true;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Allocate(5);
        int grpcPort = ports[0], httpPort = ports[1], prometheusPort = ports[2];
        var service = new ServicePorts(ports[3], ports[4]);
        var yaml = CollectorConfigs.DefaultLike(grpcPort, httpPort, prometheusPort, service);
        await using var collector = await context.StartCollectorAsync(Name, yaml, new ReadinessProbe([grpcPort, httpPort], service.HealthUri), cancellationToken).ConfigureAwait(false);
        try
        {
            await using var rss = new RssSampler(collector.Pid);
            var cpuBefore = ProcStats.CpuSeconds(collector.Pid) ?? double.NaN;
            await Task.Delay(IdleTime, cancellationToken).ConfigureAwait(false);
            var cpuAfter = ProcStats.CpuSeconds(collector.Pid) ?? double.NaN;
            var result = new IdleResult(
                Name,
                collector.ReadyAfter.TotalMilliseconds,
                IdleTime.TotalSeconds,
                ProcStats.StatusBytes(collector.Pid, "VmRSS") ?? 0,
                rss.MaxBytes,
                ProcStats.StatusBytes(collector.Pid, "VmHWM") ?? 0,
                (cpuAfter - cpuBefore) / IdleTime.TotalSeconds * 100);
            context.Results.Idle.Add(result);
            context.Report($"  {Name}: ready after {result.StartToReadyMilliseconds:0} ms, idle RSS {result.RssBytes / 1048576.0:0.0} MiB, peak {result.PeakRssBytes / 1048576.0:0.0} MiB");
        }
        finally
        {
            context.NoteCollectorProblems(Name, collector);
        }
    }
}
