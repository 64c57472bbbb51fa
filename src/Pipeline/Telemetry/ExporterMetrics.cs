using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// The delivery counters every exporter reports, <c>otelcol_exporter_sent_*</c> and <c>send_failed_*</c> (broken down
/// by reason in <c>minicollector_exporter_send_failed_*</c>), named and
/// described once whether the exporter delivers synchronously (<see cref="ExporterTelemetry"/>) or through a queue.
/// </summary>
public static class ExporterMetrics
{
    /// <summary>Registers an exporter's delivered and given-up items, labelled <c>exporter</c>.</summary>
    public static void Register(CollectorMeter meter, ComponentId exporter, SignalCounters sent, ReasonCounters sendFailed)
    {
        var label = Label.Of("exporter", exporter.ToString());
        sent.Register(meter, "otelcol_exporter_sent", "Items successfully sent to the destination", label);
        sendFailed.Register(meter, "otelcol_exporter_send_failed", "Items that could not be sent (permanent errors, exhausted retries, shutdown)", label);
    }
}
