using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Payloads;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// The gateway of examples/loadbalancing: otlp (gRPC) → batch → spanmetrics connector and nop; the span metrics →
/// batch → prometheus. What one gateway of that tier takes per CPU-second, set beside <c>grpc-batch-nop</c> (the same
/// without span metrics, so without a decode of every request).
/// </summary>
public sealed class SpanMetricsGatewayScenario : IScenario
{
    /// <inheritdoc />
    public string Name => ScenarioCatalog.GrpcSpanMetricsGateway;

    /// <inheritdoc />
    public bool IsDefault => false;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Allocate(4);
        int receiverPort = ports[0], prometheusPort = ports[1];
        var service = new ServicePorts(ports[2], ports[3]);
        var yaml = CollectorConfigs.SpanMetricsGateway(receiverPort, prometheusPort, service, context.Batch);
        await using var collector = await context.StartCollectorAsync(Name, yaml, new ReadinessProbe([receiverPort, prometheusPort], service.HealthUri), cancellationToken).ConfigureAwait(false);
        try
        {
            using var driver = new GrpcExportDriver(new Uri($"http://127.0.0.1:{receiverPort}"), GrpcExportDriver.TraceExport, TracePayload.Build().ToByteArray());
            await LoadLevels.RunAsync(context, Name, "spans", TracePayload.SpansPerRequest, driver, collector, cancellationToken).ConfigureAwait(false);
            await TelemetryChecks.NoteReceiverAsync(context, Name, service, "spans", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.NoteCollectorProblems(Name, collector);
        }
    }
}
