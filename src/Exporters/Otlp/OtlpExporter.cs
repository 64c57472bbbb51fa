using Microsoft.Extensions.Logging;
using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Exporters.Otlp;

/// <summary>
/// The <c>otlp</c> (gRPC) and <c>otlphttp</c> exporters: a protocol client behind the shared sending queue and retry.
/// </summary>
public sealed class OtlpExporter : ICountingExporter
{
    private readonly ComponentContext _context;
    private readonly IRequestSender _sender;
    private readonly string _destination;

    internal OtlpExporter(ComponentContext context, IRequestSender sender, OtlpClientOptions options, string destination)
    {
        _context = context;
        _sender = sender;
        _destination = destination;
        Queue = new QueuedRetrySender(context, options.Queue, options.Retry, sender);
        RegisterMetrics(context.Meter);
    }

    /// <summary>The sending queue, with its counters.</summary>
    public QueuedRetrySender Queue { get; }

    /// <inheritdoc />
    public bool MutatesData => false;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Queue.Start();
        _context.Logger.LogInformation("Exporting to {Destination}", _destination);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
        => Queue.SubmitAsync(request, cancellationToken);

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        await Queue.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        (_sender as IDisposable)?.Dispose();
    }

    private void RegisterMetrics(CollectorMeter meter)
    {
        // Queue size and capacity have no unit: each exporter's sizer (requests, items or bytes) decides it.
        var exporter = Label.Of("exporter", _context.Id.ToString());
        ExporterMetrics.Register(meter, _context.Id, Queue.Counters.Sent, Queue.Counters.SendFailed);
        Queue.Counters.EnqueueFailed.Register(meter, "otelcol_exporter_enqueue_failed", "Items refused because the sending queue was full", exporter);
        meter.Gauge("otelcol_exporter_queue_size", string.Empty, "What waits in the sending queue, in the queue's sizer unit (requests, items or bytes)", () => Queue.QueueSize, exporter);
        meter.Gauge("otelcol_exporter_queue_capacity", string.Empty, "Capacity of the sending queue, in the queue's sizer unit", () => Queue.QueueCapacity, exporter);
        if (Queue.IsPersistent)
        {
            meter.Gauge("otelcol_exporter_queue_storage_bytes", "By", "Bytes the persistent sending queue occupies on disk", () => Queue.StorageBytes, exporter);
        }
    }
}
