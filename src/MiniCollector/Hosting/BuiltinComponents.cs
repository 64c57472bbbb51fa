using MiniCollector.Connectors.Forward;
using MiniCollector.Connectors.SpanMetrics;
using MiniCollector.Exporters.Debug;
using MiniCollector.Exporters.LoadBalancing;
using MiniCollector.Exporters.Nop;
using MiniCollector.Exporters.Otlp;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Extensions.BasicAuth;
using MiniCollector.Extensions.BearerTokenAuth;
using MiniCollector.Extensions.FileStorage;
using MiniCollector.Extensions.HealthCheck;
using MiniCollector.Extensions.ZPages;
using MiniCollector.Pipeline.Components;
using MiniCollector.Processors.Attributes;
using MiniCollector.Processors.Batch;
using MiniCollector.Processors.Filter;
using MiniCollector.Processors.MemoryLimiter;
using MiniCollector.Processors.Resource;
using MiniCollector.Processors.Transform;
using MiniCollector.Receivers.Otlp;

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
        new AttributesProcessorFactory(),
        new ResourceProcessorFactory(),
        new FilterProcessorFactory(),
        new TransformProcessorFactory(),
        new DebugExporterFactory(),
        new NopExporterFactory(),
        new PrometheusExporterFactory(),
        new OtlpGrpcExporterFactory(),
        new OtlpHttpExporterFactory(),
        new LoadBalancingExporterFactory(),
        new ForwardConnectorFactory(),
        new SpanMetricsConnectorFactory(),
        new Connectors.Count.CountConnectorFactory(),
        new Connectors.Routing.RoutingConnectorFactory(),
        new HealthCheckExtensionFactory(),
        new BearerTokenAuthExtensionFactory(),
        new BasicAuthExtensionFactory(),
        new FileStorageExtensionFactory(),
        new ZPagesExtensionFactory(),
    ];
}
