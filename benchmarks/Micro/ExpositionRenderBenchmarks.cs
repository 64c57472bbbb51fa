using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Exposition;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Rendering a scrape of 10 000 series (10 families of 1 000 series, counters and gauges): the exposition writers
/// alone over ready-made families, the prometheus exporter's scrape as it is sent (chunks handed on, no whole body),
/// and its whole render into one body (what tests compare).
/// </summary>
[MemoryDiagnoser]
public class ExpositionRenderBenchmarks
{
    private const int Families = 10;
    private const int SeriesPerFamily = 1_000;

    private List<MetricFamily> _families = [];
    private ArrayBufferWriter<byte> _output = new();
    private PrometheusExporter _exporter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _families = OtlpPayloads.ExpositionFamilies(Families, SeriesPerFamily);

        // Sized once and reused, so the writers' figures show their own allocations rather than the buffer's growth.
        _output = new ArrayBufferWriter<byte>(4 * 1024 * 1024);

        // Series expire after metric_expiration; a day keeps all 10 000 alive however long the run takes.
        var options = new PrometheusOptions { MetricExpiration = TimeSpan.FromDays(1) };
        var context = new ComponentContext(new ComponentId("prometheus", string.Empty), ComponentKind.Exporter, NullLoggerFactory.Instance);
        _exporter = new PrometheusExporter(context, options);
        var request = MetricsKind.Instance.FromModel(OtlpPayloads.Metrics(Families, SeriesPerFamily));
        _exporter.ConsumeAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (_exporter.DroppedPoints != 0)
        {
            throw new InvalidOperationException($"the exporter dropped {_exporter.DroppedPoints} of the benchmark's points");
        }
    }

    [Benchmark(Baseline = true)]
    public int WriterPrometheusText() => Write(ExpositionFormat.PrometheusText);

    [Benchmark]
    public int WriterOpenMetrics() => Write(ExpositionFormat.OpenMetrics);

    [Benchmark]
    public int WriterProtobuf() => Write(ExpositionFormat.Protobuf);

    /// <summary>A text scrape of the same 10 000 series ingested from OTLP, as the exporter sends it: what one scrape allocates.</summary>
    [Benchmark]
    public long ExporterScrapePrometheusText() => Scrape(ExpositionFormat.PrometheusText);

    /// <summary>The same as an OpenMetrics scrape: counters add a <c>_created</c> sample each.</summary>
    [Benchmark]
    public long ExporterScrapeOpenMetrics() => Scrape(ExpositionFormat.OpenMetrics);

    /// <summary>The same as a protobuf scrape.</summary>
    [Benchmark]
    public long ExporterScrapeProtobuf() => Scrape(ExpositionFormat.Protobuf);

    /// <summary>The exporter's answer to a text scrape of the same 10 000 series ingested from OTLP, as one body.</summary>
    [Benchmark]
    public int ExporterRenderPrometheusText() => InternalEntryPoints.Render(_exporter, ExpositionFormat.PrometheusText).Body.Length;

    /// <summary>The exporter's answer to a protobuf scrape (what Prometheus asks for when native histograms are on).</summary>
    [Benchmark]
    public int ExporterRenderProtobuf() => InternalEntryPoints.Render(_exporter, ExpositionFormat.Protobuf).Body.Length;

    private long Scrape(ExpositionFormat format)
    {
        long sent = 0;
        InternalEntryPoints.WriteScrapeAsync(
            _exporter,
            format,
            (chunk, _) =>
            {
                sent += chunk.Length;
                return ValueTask.CompletedTask;
            },
            CancellationToken.None).GetAwaiter().GetResult();
        return sent;
    }

    private int Write(ExpositionFormat format)
    {
        _output.ResetWrittenCount();
        format.Write(_output, _families);
        return _output.WrittenCount;
    }
}
