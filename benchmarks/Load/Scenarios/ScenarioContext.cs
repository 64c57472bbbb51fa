using System.Globalization;
using MiniCollector.Benchmarks.Load.Collector;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>What every scenario needs: the options, the collector to start, a scratch directory, the results.</summary>
public sealed class ScenarioContext
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

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

    /// <summary>Writes <paramref name="yaml"/> as <c>&lt;name&gt;.yaml</c> and starts a collector on it, waiting until it is ready.</summary>
    public async Task<CollectorProcess> StartCollectorAsync(string name, string yaml, ReadinessProbe probe, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(WorkDirectory, name + ".yaml");
        await File.WriteAllTextAsync(configPath, yaml, cancellationToken).ConfigureAwait(false);
        var collector = await CollectorProcess.StartAsync(CollectorPath, configPath, probe, StartTimeout, cancellationToken).ConfigureAwait(false);
        Report($"  {name}: collector pid {collector.Pid} ready after {collector.ReadyAfter.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");
        return collector;
    }

    /// <summary>Starts a collector with OTLP metrics → prometheus on free ports; returns it with the ports it uses.</summary>
    public async Task<(CollectorProcess Collector, PrometheusPorts Ports)> StartPrometheusCollectorAsync(string name, CancellationToken cancellationToken)
    {
        var free = FreePorts.Allocate(4);
        var ports = new PrometheusPorts(free[0], free[1], new ServicePorts(free[2], free[3]));
        var yaml = CollectorConfigs.MetricsToPrometheus(ports.Receiver, ports.Prometheus, ports.Service, Batch);
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
