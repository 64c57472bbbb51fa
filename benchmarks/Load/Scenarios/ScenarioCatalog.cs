using MiniCollector.Benchmarks.Load.Payloads;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>Every scenario, in the order a default run goes through them.</summary>
public static class ScenarioCatalog
{
    /// <summary>otlp (gRPC) → batch at the collector's defaults → nop.</summary>
    public const string GrpcBatchLatency = "grpc-batch-latency";

    /// <summary>otlp (HTTP) → batch at the collector's defaults → nop.</summary>
    public const string HttpBatchLatency = "http-batch-latency";

    /// <summary>otlp (gRPC) → nop.</summary>
    public const string GrpcNoBatchNop = "grpc-nobatch-nop";

    /// <summary>otlp (HTTP) → nop.</summary>
    public const string HttpNoBatchNop = "http-nobatch-nop";

    /// <summary>otlp (gRPC) → otlp exporter with sending_queue::batch → a second collector.</summary>
    public const string GrpcExporterBatch = "grpc-exporter-batch";

    /// <summary>otlp (gRPC) → otlp exporter with a persistent queue, fsync off → a second collector.</summary>
    public const string GrpcPersistentQueue = "grpc-persistent-queue";

    /// <summary>As <see cref="GrpcPersistentQueue"/> with fsync on.</summary>
    public const string GrpcPersistentQueueFsync = "grpc-persistent-queue-fsync";

    /// <summary>otlp (gRPC) → nop driven by h2load, 8 connections x 8 streams.</summary>
    public const string GrpcNopH2Load = "grpc-nop-h2load";

    /// <summary>otlp (gRPC) → batch → loadbalancing exporter → three second collectors.</summary>
    public const string GrpcLoadBalancing = "grpc-loadbalancing";

    /// <summary>otlp (gRPC) → batch → spanmetrics + nop; span metrics → prometheus: the example's gateway.</summary>
    public const string GrpcSpanMetricsGateway = "grpc-spanmetrics-gateway";

    /// <summary>All scenarios.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new TraceLoadScenario("grpc-batch-nop", "grpc", null, IsDefault: true),
        new TraceLoadScenario("grpc-batch-nop-zpages", "grpc", null, IsDefault: false, ZPagesLoad.Unwatched),
        new TraceLoadScenario("grpc-batch-nop-zpages-watched", "grpc", null, IsDefault: false, ZPagesLoad.Watched),
        new TraceLoadScenario("http-batch-nop", "http", null, IsDefault: true),
        new TraceLoadScenario("grpc-batch-otlp", "grpc", "gzip", IsDefault: true),
        new TraceLoadScenario("grpc-batch-otlp-raw", "grpc", "none", IsDefault: false),
        new LoadBalancingScenario(),
        new SpanMetricsGatewayScenario(),
        new AnswerLatencyScenario(GrpcBatchLatency, "grpc", AnswerPath.BatchProcessor),
        new AnswerLatencyScenario(HttpBatchLatency, "http", AnswerPath.BatchProcessor),
        new AnswerLatencyScenario(GrpcNoBatchNop, "grpc", AnswerPath.NoProcessor),
        new AnswerLatencyScenario(HttpNoBatchNop, "http", AnswerPath.NoProcessor),
        new AnswerLatencyScenario(GrpcExporterBatch, "grpc", AnswerPath.ExporterBatch),
        new AnswerLatencyScenario(GrpcPersistentQueue, "grpc", AnswerPath.PersistentQueue),
        new AnswerLatencyScenario(GrpcPersistentQueueFsync, "grpc", AnswerPath.PersistentQueueFsync),
        new H2LoadNopScenario(),
        new MetricsPrometheusScenario("metrics-prometheus", MetricsShape.Points1000),
        new MetricsPrometheusScenario("metrics-prometheus-100", MetricsShape.Points100),
        new Scrape100kScenario(),
        new ScrapeUnderLoadScenario(),
        new IdleScenario(),
    ];

    /// <summary>The scenarios named (in the order named), or the default ones; null with an error for an unknown name.</summary>
    public static IReadOnlyList<IScenario>? Select(IReadOnlyList<string>? names, out string? error)
    {
        error = null;
        if (names is null)
        {
            return All.Where(s => s.IsDefault).ToArray();
        }

        var selected = new List<IScenario>();
        foreach (var name in names)
        {
            var scenario = All.FirstOrDefault(s => s.Name == name);
            if (scenario is null)
            {
                error = $"unknown scenario \"{name}\" (valid: {string.Join(", ", All.Select(s => s.Name))})";
                return null;
            }

            selected.Add(scenario);
        }

        return selected;
    }
}
