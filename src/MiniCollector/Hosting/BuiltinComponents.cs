using MiniCollector.Exporters.Debug;
using MiniCollector.Exporters.Nop;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Processors.Batch;
using MiniCollector.Receiver.Otlp;

namespace MiniCollector.Hosting;

/// <summary>The component types built into this binary.</summary>
public static class BuiltinComponents
{
    /// <summary>A registry of every built-in factory.</summary>
    public static ComponentRegistry CreateRegistry() => new(
    [
        new OtlpReceiverFactory(),
        new BatchProcessorFactory(),
        new DebugExporterFactory(),
        new NopExporterFactory(),
        new PrometheusExporterFactory(),
    ]);
}
