using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// Counts <c>otelcol_exporter_sent_*</c> / <c>send_failed_*</c> for exporters that deliver synchronously (debug,
/// nop, prometheus): an accepted consume is a send. Queued exporters count their own deliveries instead.
/// </summary>
internal sealed class ExporterTelemetry(ComponentId id, IExporter exporter) : IConsumer, ITelemetryProducer
{
    private readonly SignalCounters _sent = new();
    private readonly SignalCounters _failed = new();

    /// <summary>The exporter being counted.</summary>
    public IExporter Exporter => exporter;

    public bool MutatesData => exporter.MutatesData;

    public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var result = await exporter.ConsumeAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.IsAccepted)
        {
            _sent.Add(request.Signal, request.ItemCount - result.RejectedItems);
            _failed.Add(request.Signal, result.RejectedItems);
        }
        else
        {
            _failed.Add(request.Signal, request.ItemCount);
        }

        return result;
    }

    public void Collect(TelemetryCollector collector)
    {
        var label = Label.Of("exporter", id.ToString());
        _sent.Collect(collector, "otelcol_exporter_sent", "Items successfully sent to the destination", label);
        _failed.Collect(collector, "otelcol_exporter_send_failed", "Items that could not be sent", label);
    }
}
