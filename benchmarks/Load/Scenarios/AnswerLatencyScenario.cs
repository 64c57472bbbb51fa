using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Drivers;
using MiniCollector.Benchmarks.Load.Payloads;
using MiniCollector.Benchmarks.Load.Report;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// How fast a caller is answered, and at what throughput, on one path from the OTLP receiver: the batch processor
/// at its defaults, no processor at all, batching in the exporter's queue, or a persistent queue on disk (fsync off
/// or on). Always the built-in client, which reads <c>grpc-status</c>, so a refusal counts as an error.
/// </summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Protocol"><c>grpc</c> or <c>http</c> (the forwarding paths take gRPC only).</param>
/// <param name="Path">What the traces go through.</param>
public sealed record AnswerLatencyScenario(string Name, string Protocol, AnswerPath Path) : IScenario
{
    /// <inheritdoc />
    public bool IsDefault => false;

    private bool Forwards => Path is AnswerPath.ExporterBatch or AnswerPath.PersistentQueue or AnswerPath.PersistentQueueFsync;

    private bool Persistent => Path is AnswerPath.PersistentQueue or AnswerPath.PersistentQueueFsync;

    /// <inheritdoc />
    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        if (Forwards && Protocol != "grpc")
        {
            throw new InvalidOperationException($"{Name}: the forwarding paths are measured over gRPC only");
        }

        var ports = FreePorts.Allocate(6);
        int receiverPort = ports[0], sinkPort = ports[1];
        var service = new ServicePorts(ports[2], ports[3]);
        var sinkService = new ServicePorts(ports[4], ports[5]);
        var payload = TracePayload.Build().ToByteArray();

        // A fresh directory per run, so a queue never starts from a previous run's leftovers.
        var queueRoot = Persistent ? Directory.CreateTempSubdirectory("minicollector-queue-") : null;
        CollectorProcess? sink = null;
        try
        {
            if (Forwards)
            {
                sink = await context.StartSinkAsync(Name + "-sink", sinkPort, sinkService, cancellationToken).ConfigureAwait(false);
            }

            var yaml = Path switch
            {
                AnswerPath.BatchProcessor => CollectorConfigs.TracesToNop(Protocol, receiverPort, service, BatchSettings.CollectorDefaults),
                AnswerPath.NoProcessor => CollectorConfigs.TracesToNop(Protocol, receiverPort, service, batch: null),
                _ => CollectorConfigs.TracesToOtlpQueued(receiverPort, sinkPort, service, Queue(queueRoot)),
            };

            await using var collector = await context.StartCollectorAsync(Name, yaml, new ReadinessProbe([receiverPort], service.HealthUri), cancellationToken).ConfigureAwait(false);
            try
            {
                if (queueRoot is not null)
                {
                    context.Results.Notes.Add($"{Name}: the persistent queue's directory is on {MountInfo.Describe(queueRoot.FullName)}");
                }

                var baseAddress = new Uri($"http://127.0.0.1:{receiverPort}");
                using IExportDriver driver = Protocol == "grpc"
                    ? new GrpcExportDriver(baseAddress, GrpcExportDriver.TraceExport, payload)
                    : new HttpProtobufDriver(new Uri(baseAddress, "/v1/traces"), payload);
                await LoadLevels.RunAsync(context, Name, "spans", TracePayload.SpansPerRequest, driver, collector, cancellationToken).ConfigureAwait(false);

                await TelemetryChecks.NoteReceiverAsync(context, Name, service, "spans", cancellationToken).ConfigureAwait(false);
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

            // The collector is gone by now (disposed when the try block above ended), so nothing holds the files.
            DeleteQueue(context, queueRoot);
        }
    }

    private ExporterQueue Queue(DirectoryInfo? queueRoot) => Path switch
    {
        AnswerPath.ExporterBatch => new ExporterQueue(Batch: true, Storage: null),
        AnswerPath.PersistentQueue => new ExporterQueue(Batch: false, new FileStorageSettings(System.IO.Path.Combine(queueRoot!.FullName, "file_storage"), Fsync: false)),
        AnswerPath.PersistentQueueFsync => new ExporterQueue(Batch: false, new FileStorageSettings(System.IO.Path.Combine(queueRoot!.FullName, "file_storage"), Fsync: true)),
        _ => throw new InvalidOperationException($"{Path} has no exporter queue"),
    };

    private void DeleteQueue(ScenarioContext context, DirectoryInfo? queueRoot)
    {
        if (queueRoot is null)
        {
            return;
        }

        try
        {
            queueRoot.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Results.Notes.Add($"{Name}: could not delete the queue directory {queueRoot.FullName}: {ex.Message}");
        }
    }
}
