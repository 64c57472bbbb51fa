namespace MiniCollector.Pipeline.Components;

/// <summary>
/// An exporter that reports its own <c>otelcol_exporter_sent_*</c> / <c>send_failed_*</c>, because it answers before it
/// delivers (a sending queue). The graph counts every other exporter's accepted consumes as sends.
/// </summary>
public interface ICountingExporter : IExporter;
