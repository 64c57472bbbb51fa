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
public sealed class OtlpExporter : IExporter, ITelemetryProducer
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
    public void Collect(TelemetryCollector collector)
    {
        var exporter = Label.Of("exporter", _context.Id.ToString());
        Queue.Counters.Sent.Collect(collector, "otelcol_exporter_sent", "Items successfully sent to the destination", exporter);
        Queue.Counters.SendFailed.Collect(collector, "otelcol_exporter_send_failed", "Items that could not be sent (permanent errors, exhausted retries, shutdown)", exporter);
        Queue.Counters.EnqueueFailed.Collect(collector, "otelcol_exporter_enqueue_failed", "Items refused because the sending queue was full", exporter);
        collector.Gauge("otelcol_exporter_queue_size", "What waits in the sending queue, in the queue's sizer unit (requests, items or bytes)", Queue.QueueSize, exporter);
        collector.Gauge("otelcol_exporter_queue_capacity", "Capacity of the sending queue, in the queue's sizer unit", Queue.QueueCapacity, exporter);
        if (Queue.IsPersistent)
        {
            collector.Gauge("otelcol_exporter_queue_storage_bytes", "Bytes the persistent sending queue occupies on disk", Queue.StorageBytes, exporter);
        }
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        await Queue.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        (_sender as IDisposable)?.Dispose();
    }
}
