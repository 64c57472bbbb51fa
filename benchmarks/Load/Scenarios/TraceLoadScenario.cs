using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Payloads;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// Traces at each concurrency level, over OTLP/gRPC or OTLP/HTTP (HTTP/1.1, protobuf), through batch to the nop
/// exporter or forwarded by the otlp exporter to a second collector (whose CPU is not counted).
/// </summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Protocol"><c>grpc</c> or <c>http</c>.</param>
/// <param name="ForwardCompression">Null for the nop exporter; else the otlp exporter's <c>compression</c>.</param>
/// <param name="IsDefault">Whether it runs without <c>--scenarios</c>.</param>
/// <param name="ZPages">Whether the collector has the zpages extension, watched or not (nop exporter only).</param>
public sealed record TraceLoadScenario(string Name, string Protocol, string? ForwardCompression, bool IsDefault, ZPagesLoad ZPages = ZPagesLoad.None) : IScenario
{
    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Allocate(7);
        int receiverPort = ports[0], sinkPort = ports[1], zpagesPort = ports[6];
        var service = new ServicePorts(ports[2], ports[3]);
        var sinkService = new ServicePorts(ports[4], ports[5]);
        var payload = TracePayload.Build().ToByteArray();

        CollectorProcess? sink = null;
        try
        {
            string yaml;
            if (ForwardCompression is null)
            {
                yaml = CollectorConfigs.TracesToNop(Protocol, receiverPort, service, context.Batch, ZPages == ZPagesLoad.None ? null : zpagesPort);
            }
            else
            {
                sink = await context.StartSinkAsync(Name + "-sink", sinkPort, sinkService, cancellationToken).ConfigureAwait(false);
                yaml = CollectorConfigs.TracesToOtlp(receiverPort, sinkPort, ForwardCompression, service, context.Batch);
            }

            await using var collector = await context.StartCollectorAsync(Name, yaml, new ReadinessProbe([receiverPort], service.HealthUri), cancellationToken).ConfigureAwait(false);
            await using var viewer = ZPages == ZPagesLoad.Watched ? ZPagesViewer.Open(zpagesPort) : null;
            try
            {
                var baseAddress = new Uri($"http://127.0.0.1:{receiverPort}");
                using IExportDriver driver = Protocol == "grpc"
                    ? new GrpcExportDriver(baseAddress, GrpcExportDriver.TraceExport, payload)
                    : new HttpProtobufDriver(new Uri(baseAddress, "/v1/traces"), payload);
                if (context.Options.UseH2Load && Protocol == "grpc")
                {
                    // The built-in client only warms the collector up; h2load then drives every measured level.
                    await LoadLevels.PrewarmAsync(context, driver, cancellationToken).ConfigureAwait(false);
                    await H2LoadLevels.RunAsync(context, Name, "spans", TracePayload.SpansPerRequest, new Uri(baseAddress, GrpcExportDriver.TraceExport), payload, collector, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await LoadLevels.RunAsync(context, Name, "spans", TracePayload.SpansPerRequest, driver, collector, cancellationToken).ConfigureAwait(false);
                }

                await TelemetryChecks.NoteReceiverAsync(context, Name, service, "spans", cancellationToken).ConfigureAwait(false);
                if (viewer is not null)
                {
                    context.Results.Notes.Add($"{Name}: the watching client fetched the trace list {viewer.ListsFetched} times (once per live update)");
                }
                if (sink is not null)
                {
                    await TelemetryChecks.NoteForwardingAsync(context, Name, service, sinkService, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                context.NoteCollectorProblems(Name, collector);
            }
        }
        finally
        {
            if (sink is not null)
            {
                context.NoteCollectorProblems(Name + "-sink", sink);
                await sink.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
