using MiniCollector.Exporters.Debug;
using MiniCollector.Exporters.Nop;
using MiniCollector.Exporters.Otlp;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Extensions.FileStorage;
using MiniCollector.Pipeline.Extensions.HealthCheck;
using MiniCollector.Pipeline.Processors.Batch;
using MiniCollector.Pipeline.Processors.MemoryLimiter;
using MiniCollector.Receiver.Auth;
using MiniCollector.Receiver.Otlp;

namespace MiniCollector.Hosting;

/// <summary>The component types built into this binary.</summary>
public static class BuiltinComponents
{
    /// <summary>A registry of every built-in factory.</summary>
    public static ComponentRegistry CreateRegistry() => new(Factories());

    /// <summary>Every built-in factory, receivers first.</summary>
    public static IReadOnlyList<ComponentFactory> Factories() =>
    [
        new OtlpReceiverFactory(),
        new BatchProcessorFactory(),
        new MemoryLimiterProcessorFactory(),
        new DebugExporterFactory(),
        new NopExporterFactory(),
        new PrometheusExporterFactory(),
        new OtlpGrpcExporterFactory(),
        new OtlpHttpExporterFactory(),
        new HealthCheckExtensionFactory(),
        new BearerTokenAuthExtensionFactory(),
        new BasicAuthExtensionFactory(),
        new FileStorageExtensionFactory(),
    ];
}
