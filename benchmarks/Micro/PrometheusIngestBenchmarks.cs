using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// The prometheus exporter's per-request cost: folding the standard metrics request (10 metrics x 100 points) into
/// its store, in the steady state where every series already exists and is only updated.
/// </summary>
[MemoryDiagnoser]
public class PrometheusIngestBenchmarks
{
    private PrometheusExporter _exporter = null!;
    private ExportMetricsServiceRequest _request = new();

    [GlobalSetup]
    public void Setup()
    {
        var options = new PrometheusOptions { MetricExpiration = TimeSpan.FromDays(1) };
        var context = new ComponentContext(new ComponentId("prometheus", string.Empty), ComponentKind.Exporter, NullLoggerFactory.Instance);
        _exporter = new PrometheusExporter(context, options);
        _request = ExportMetricsServiceRequest.Parser.ParseFrom(OtlpPayloads.MetricsBytes);
        _ = Ingest();
    }

    [Benchmark]
    public ConsumeResult Ingest() => _exporter.ConsumeAsync(MetricsKind.Instance.FromModel(_request), CancellationToken.None).GetAwaiter().GetResult();
}
