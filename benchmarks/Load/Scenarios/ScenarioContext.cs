using System.Globalization;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Report;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>What every scenario needs: the options, the collector to start, a scratch directory, the results.</summary>
public sealed class ScenarioContext
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<(string Scenario, string Name, CollectorProcess Collector)> _started = [];

    /// <summary>Creates the context.</summary>
    public ScenarioContext(LoadOptions options, string collectorPath, string workDirectory, ResultSet results, TextWriter progress)
    {
        Options = options;
        CollectorPath = collectorPath;
        WorkDirectory = workDirectory;
        Results = results;
        Progress = progress;
        Batch = new BatchSettings(options.BatchSize, options.BatchTimeout);
    }

    /// <summary>The command line.</summary>
    public LoadOptions Options { get; }

    /// <summary>The collector under test.</summary>
    public string CollectorPath { get; }

    /// <summary>Where generated configs go.</summary>
    public string WorkDirectory { get; }

    /// <summary>The batch settings of the load scenarios.</summary>
    public BatchSettings Batch { get; }

    /// <summary>Where results are added.</summary>
    public ResultSet Results { get; }

    /// <summary>Progress lines (stderr, so stdout carries only the report).</summary>
    public TextWriter Progress { get; }

    /// <summary>The scenario running now; the footprints of the collectors it starts are filed under it.</summary>
    public string CurrentScenario { get; set; } = string.Empty;

    /// <summary>
    /// Writes <paramref name="yaml"/> as <c>&lt;name&gt;.yaml</c> and starts a collector on it, waiting until it is
    /// ready; then lets it sit idle for <c>--settle</c> and reads its idle RSS, so that figure is taken before any load.
    /// </summary>
    public async Task<CollectorProcess> StartCollectorAsync(string name, string yaml, ReadinessProbe probe, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(WorkDirectory, name + ".yaml");
        await File.WriteAllTextAsync(configPath, yaml, cancellationToken).ConfigureAwait(false);
        var collector = await CollectorProcess.StartAsync(CollectorPath, configPath, probe, StartTimeout, cancellationToken).ConfigureAwait(false);
        _started.Add((CurrentScenario, name, collector));
        try
        {
            await collector.SettleAsync(Options.Settle, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await collector.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var logged = collector.ReadyLoggedAfter is { } after ? after.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "never";
        Report($"  {name}: collector pid {collector.Pid} ready after {collector.ReadyAfter.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms (\"{CollectorProcess.ReadyLine}\" logged: {logged}), idle RSS {Numbers.MiB(collector.IdleRssBytes)} MiB after {Options.Settle.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
        return collector;
    }

    /// <summary>
    /// Files the footprints of the collectors started since the last call (all stopped by now: a scenario disposes
    /// what it started) under their scenario.
    /// </summary>
    public async Task CollectFootprintsAsync()
    {
        foreach (var (scenario, name, collector) in _started)
        {
            // Normally already stopped by its scenario; stopping again does nothing.
            await collector.DisposeAsync().ConfigureAwait(false);
            Results.Footprints.Add(new CollectorFootprint(
                scenario,
                name,
                collector.ReadyLoggedAfter?.TotalMilliseconds ?? double.NaN,
                collector.ReadyAfter.TotalMilliseconds,
                collector.CpuSecondsAtReady * 1000,
                collector.SettledFor.TotalSeconds,
                collector.IdleRssBytes,
                collector.MaxSampledRssBytes,
                collector.PeakRssBytes));
        }

        _started.Clear();
    }

    /// <summary>
    /// Starts a collector with OTLP metrics → prometheus on free ports (see <see cref="CollectorConfigs.MetricsToPrometheus"/>
    /// for <paramref name="openMetrics"/>); returns it with the ports it uses.
    /// </summary>
    public async Task<(CollectorProcess Collector, PrometheusPorts Ports)> StartPrometheusCollectorAsync(string name, CancellationToken cancellationToken, bool openMetrics = false)
    {
        var free = FreePorts.Allocate(4);
        var ports = new PrometheusPorts(free[0], free[1], new ServicePorts(free[2], free[3]));
        var yaml = CollectorConfigs.MetricsToPrometheus(ports.Receiver, ports.Prometheus, ports.Service, Batch, openMetrics);
        var collector = await StartCollectorAsync(name, yaml, new ReadinessProbe([ports.Receiver, ports.Prometheus], ports.Service.HealthUri), cancellationToken).ConfigureAwait(false);
        return (collector, ports);
    }

    /// <summary>Starts the downstream of a forwarding scenario (OTLP gRPC → nop) on the given ports.</summary>
    public Task<CollectorProcess> StartSinkAsync(string name, int receiverPort, ServicePorts service, CancellationToken cancellationToken) =>
        StartCollectorAsync(name, CollectorConfigs.Sink(receiverPort, service), new ReadinessProbe([receiverPort], service.HealthUri), cancellationToken);

    /// <summary>Adds a collector's warnings and errors, and an unexpected exit, to the report's notes.</summary>
    public void NoteCollectorProblems(string name, CollectorProcess collector)
    {
        if (collector.HasExited)
        {
            Results.Notes.Add($"{name}: the collector exited during the scenario. Last output: {collector.Log.Tail()}");
        }

        var problems = collector.Log.Problems();
        if (problems.Count > 0)
        {
            Results.Notes.Add($"{name}: the collector logged {collector.Log.ProblemCount} warning/error line(s); first: `{problems[0]}`");
        }

        var errors = collector.Log.Errors();
        if (errors.Count > 0 && errors[0] != problems[0])
        {
            Results.Notes.Add($"{name}: first error line: `{errors[0]}`");
        }
    }

    /// <summary>Writes a progress line.</summary>
    public void Report(string line) => Progress.WriteLine(line);
}
