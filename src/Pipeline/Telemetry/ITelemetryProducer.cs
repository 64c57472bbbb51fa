namespace MiniCollector.Pipeline.Telemetry;

/// <summary>A component that reports its own counters (<c>otelcol_*</c>) to the collector's self-telemetry.</summary>
public interface ITelemetryProducer
{
    /// <summary>Adds the component's current values.</summary>
    void Collect(TelemetryCollector collector);
}
