using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Payloads;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// otlp (gRPC) → batch → the loadbalancing exporter (traceID, static list, <c>compression: none</c>) → three
/// downstream collectors (otlp → nop, as the forwarding scenarios' sink). The figure to set beside
/// <c>grpc-batch-otlp-raw</c> (the same pipeline with one otlp exporter): what splitting each request by trace id
/// and keeping a queue per backend costs the front collector per span. Only the front collector's CPU is counted; the
/// sinks run on the same cores.
/// </summary>
public sealed class LoadBalancingScenario : IScenario
{
    private const int Backends = 3;
    private const int PayloadVariants = 64;

    /// <inheritdoc />
    public string Name => ScenarioCatalog.GrpcLoadBalancing;

    /// <inheritdoc />
    public bool IsDefault => false;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Allocate(3 + (3 * Backends));
        int receiverPort = ports[0];
        var service = new ServicePorts(ports[1], ports[2]);
        var sinkPorts = new int[Backends];
        var sinkServices = new ServicePorts[Backends];
        for (int i = 0; i < Backends; i++)
        {
            sinkPorts[i] = ports[3 + (3 * i)];
            sinkServices[i] = new ServicePorts(ports[4 + (3 * i)], ports[5 + (3 * i)]);
        }

        // 64 variants of the request in rotation: 640 trace ids, so the ring spreads them as it would a live stream
        // (one fixed request's ten trace ids land on the three backends 0 / 6 / 4).
        var payloads = Enumerable.Range(0, PayloadVariants).Select(v => TracePayload.Build(v).ToByteArray()).ToArray();
        var sinks = new List<CollectorProcess>(Backends);
        try
        {
            for (int i = 0; i < Backends; i++)
            {
                sinks.Add(await context.StartSinkAsync($"{Name}-sink-{i + 1}", sinkPorts[i], sinkServices[i], cancellationToken).ConfigureAwait(false));
            }

            var yaml = CollectorConfigs.TracesToLoadBalancing(receiverPort, sinkPorts, "none", service, context.Batch);
            await using var collector = await context.StartCollectorAsync(Name, yaml, new ReadinessProbe([receiverPort], service.HealthUri), cancellationToken).ConfigureAwait(false);
            try
            {
                using var driver = new GrpcExportDriver(new Uri($"http://127.0.0.1:{receiverPort}"), GrpcExportDriver.TraceExport, payloads);
                await LoadLevels.RunAsync(context, Name, "spans", TracePayload.SpansPerRequest, driver, collector, cancellationToken).ConfigureAwait(false);
                await TelemetryChecks.NoteReceiverAsync(context, Name, service, "spans", cancellationToken).ConfigureAwait(false);
                await TelemetryChecks.NoteForwardingAsync(context, Name, service, sinkServices, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                context.NoteCollectorProblems(Name, collector);
            }
        }
        finally
        {
            for (int i = 0; i < sinks.Count; i++)
            {
                context.NoteCollectorProblems($"{Name}-sink-{i + 1}", sinks[i]);
                await sinks[i].DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
