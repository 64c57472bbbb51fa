using BenchmarkDotNet.Running;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Otlp.Json;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>Entry point: every benchmark class in this assembly, chosen with BenchmarkDotNet's own arguments (--filter, --job).</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // Per-byte and per-span figures need the payload sizes, which BenchmarkDotNet's tables do not show.
        if (args is ["--payload-sizes"])
        {
            PrintPayloadSizes();
            return;
        }

        if (args is ["--ingest-while-scraping"])
        {
            IngestWhileScraping.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void PrintPayloadSizes()
    {
        var traces = OtlpPayloads.TraceBytes;
        Console.WriteLine($"traces protobuf ({OtlpPayloads.SpansPerRequest} spans): {traces.Length} bytes");
        Console.WriteLine($"traces OTLP/JSON: {OtlpJsonWriter.ToUtf8Bytes(ExportTraceServiceRequest.Parser.ParseFrom(traces)).Length} bytes");
        Console.WriteLine($"traces gzip (exporters' helper): {InternalEntryPoints.GzipCompress(traces).Length} bytes");
        Console.WriteLine($"metrics protobuf (10 x 100 points): {OtlpPayloads.MetricsBytes.Length} bytes");
        Console.WriteLine($"logs protobuf (100 records): {OtlpPayloads.LogsBytes.Length} bytes");

        var render = new ExpositionRenderBenchmarks();
        render.Setup();
        Console.WriteLine($"exposition writers, 10 000 series: text {render.WriterPrometheusText()} bytes, OpenMetrics {render.WriterOpenMetrics()} bytes, protobuf {render.WriterProtobuf()} bytes");
        Console.WriteLine($"exporter render, 10 000 series: text {render.ExporterRenderPrometheusText()} bytes, protobuf {render.ExporterRenderProtobuf()} bytes");
    }
}
