using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// The prometheus exporter's per-request cost in the steady state where every series already exists and is only
/// updated: the standard metrics request (10 metrics x 100 points) and a 100-point one (10 metrics x 10 points), as a
/// decoded model (what a data-changing processor hands on) and as the received bytes (what the receiver and the batch
/// processor hand on when nothing changed the data). Divide by the points per request for a per-point figure.
/// </summary>
[MemoryDiagnoser]
public class PrometheusIngestBenchmarks
{
    private PrometheusExporter _exporter = null!;
    private ExportMetricsServiceRequest _request = new();
    private byte[] _bytes = [];
    private byte[] _bytes100 = [];

    [GlobalSetup]
    public void Setup()
    {
        var options = new PrometheusOptions { MetricExpiration = TimeSpan.FromDays(1) };
        var context = new ComponentContext(new ComponentId("prometheus", string.Empty), ComponentKind.Exporter, NullLoggerFactory.Instance);
        _exporter = new PrometheusExporter(context, options);
        _bytes = OtlpPayloads.MetricsBytes;
        _request = ExportMetricsServiceRequest.Parser.ParseFrom(_bytes);
        _bytes100 = OtlpPayloads.Metrics(10, 10).ToByteArray();
        _ = Ingest();
        _ = IngestBytes();
        _ = IngestBytes100();
    }

    /// <summary>1000 points from a decoded request.</summary>
    [Benchmark]
    public ConsumeResult Ingest() => Consume(MetricsKind.Instance.FromModel(_request));

    /// <summary>1000 points from the received bytes.</summary>
    [Benchmark]
    public ConsumeResult IngestBytes() => Consume(MetricsKind.Instance.FromBytes(_bytes));

    /// <summary>100 points from the received bytes.</summary>
    [Benchmark]
    public ConsumeResult IngestBytes100() => Consume(MetricsKind.Instance.FromBytes(_bytes100));

    private ConsumeResult Consume(TelemetryRequest request) => _exporter.ConsumeAsync(request, CancellationToken.None).GetAwaiter().GetResult();
}
