using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// Counts <c>otelcol_exporter_sent_*</c> / <c>send_failed_*</c> for exporters that deliver synchronously (debug,
/// nop, prometheus): an accepted consume is a send. Queued exporters count their own deliveries instead.
/// </summary>
internal sealed class ExporterTelemetry : IConsumer
{
    private readonly IExporter _exporter;
    private readonly SignalCounters _sent = new();
    private readonly ReasonCounters _failed = new();

    public ExporterTelemetry(ComponentId id, IExporter exporter, CollectorMeter meter)
    {
        _exporter = exporter;
        ExporterMetrics.Register(meter, id, _sent, _failed);
    }

    /// <summary>The exporter being counted.</summary>
    public IExporter Exporter => _exporter;

    public bool MutatesData => _exporter.MutatesData;

    public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var result = await _exporter.ConsumeAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.IsAccepted)
        {
            _sent.Add(request.Signal, request.ItemCount - result.RejectedItems);
            _failed.Add(request.Signal, result.Reason, result.RejectedItems);
        }
        else
        {
            _failed.Add(request.Signal, result.Reason, request.ItemCount);
        }

        return result;
    }
}
