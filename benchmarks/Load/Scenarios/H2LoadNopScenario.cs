using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Measurement;
using MiniCollector.Benchmarks.Load.Payloads;
using MiniCollector.Benchmarks.Load.Report;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// otlp (gRPC) → nop with no processor, driven by h2load with 8 connections x 8 concurrent streams: the shape of
/// the comparison measured against other collectors (Fluent Bit, the JIT and NativeAOT trials) on this machine. One
/// measured window of <c>--duration</c> after <c>--warmup</c>, whatever <c>--levels</c> says; the built-in client
/// pre-warms first.
/// </summary>
public sealed class H2LoadNopScenario : IScenario
{
    private const int Connections = 8;
    private const int StreamsPerConnection = 8;

    /// <inheritdoc />
    public string Name => ScenarioCatalog.GrpcNopH2Load;

    /// <inheritdoc />
    public bool IsDefault => false;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Allocate(3);
        int receiverPort = ports[0];
        var service = new ServicePorts(ports[1], ports[2]);
        var payload = TracePayload.Build().ToByteArray();
        var yaml = CollectorConfigs.TracesToNop("grpc", receiverPort, service, batch: null);
        await using var collector = await context.StartCollectorAsync(Name, yaml, new ReadinessProbe([receiverPort], service.HealthUri), cancellationToken).ConfigureAwait(false);
        try
        {
            var baseAddress = new Uri($"http://127.0.0.1:{receiverPort}");
            using (var driver = new GrpcExportDriver(baseAddress, GrpcExportDriver.TraceExport, payload))
            {
                await LoadLevels.PrewarmAsync(context, driver, cancellationToken).ConfigureAwait(false);
            }

            var bodyFile = Path.Combine(context.WorkDirectory, Name + ".grpc-body");
            await File.WriteAllBytesAsync(bodyFile, GrpcFraming.Frame(payload), cancellationToken).ConfigureAwait(false);
            await using var rss = new RssSampler(collector.Pid);
            var label = $"{Name} ({Connections}x{StreamsPerConnection})";
            var result = await H2LoadRun.RunAsync(
                label,
                "spans",
                new Uri(baseAddress, GrpcExportDriver.TraceExport),
                bodyFile,
                Path.Combine(context.WorkDirectory, Name + ".h2load.log"),
                StreamsPerConnection,
                TracePayload.SpansPerRequest,
                context.Options.Warmup,
                context.Options.Duration,
                collector.Pid,
                rss,
                cancellationToken,
                Connections).ConfigureAwait(false);
            context.Results.Levels.Add(result);
            context.Report(
                $"  {label}: {Numbers.Format(result.RequestsPerSecond, "0")} req/s, {Numbers.Count(result.ItemsPerSecond)} spans/s, {Numbers.Count(result.ItemsPerCpuSecond)} per CPU-s, " +
                $"p50 {Numbers.Format(result.P50Milliseconds, "0.00")} ms, p99 {Numbers.Format(result.P99Milliseconds, "0.00")} ms, RSS {Numbers.MiB(result.MaxRssBytes)} MiB, errors {result.Errors}");
            if (result.Errors > 0)
            {
                context.Results.Notes.Add($"{label}: {result.Errors} failed request(s); {string.Join("; ", result.ErrorSamples)}");
            }

            context.Results.Notes.Add($"{label}: h2load -c {Connections} -m {StreamsPerConnection} -t 1 counts HTTP 200 as success without reading grpc-status trailers");
            await TelemetryChecks.NoteReceiverAsync(context, Name, service, "spans", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.NoteCollectorProblems(Name, collector);
        }
    }
}
