using System.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Whether the prometheus exporter's ingest waits for its scrapes, without the machine's other work in the way: one
/// thread ingests 100-point requests (from their bytes, closed loop) into an exporter holding 100,000 more series while
/// another renders text scrapes of all of them back to back (chunks dropped, no HTTP), each on its own core. Prints the
/// ingest latency percentiles with no scrape and while scraping. Run with <c>--ingest-while-scraping</c>; bounded by its
/// request count.
/// </summary>
internal static class IngestWhileScraping
{
    private const int Requests = 100_000;
    private const int FillRequests = 100;

    public static void Run()
    {
        var requests = Enumerable.Range(0, FillRequests).Select(FillRequest).ToArray();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var options = new PrometheusOptions { MetricExpiration = TimeSpan.FromDays(1) };
        var context = new ComponentContext(new ComponentId("prometheus", string.Empty), ComponentKind.Exporter, NullLoggerFactory.Instance);
        var exporter = new PrometheusExporter(context, options);

        foreach (var fill in requests)
        {
            Consume(exporter, fill);
        }

        long heapPerSeries = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / (FillRequests * 1000);
        GC.KeepAlive(exporter);
        var request = OtlpPayloads.Metrics(10, 10).ToByteArray();
        Console.WriteLine($"exporter holds 100,000 series, {heapPerSeries} B of heap each, {Scrape(exporter)} bytes of text exposition; each ingest is {request.Length} bytes (100 points)");
        Console.WriteLine("| scrapes | ingests | p50 µs | p99 µs | p99.9 µs | max µs | scrapes done | scrape median ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var scraping in new[] { false, true, false, true })
        {
            Measure(exporter, request, scraping);
        }
    }

    private static void Measure(PrometheusExporter exporter, byte[] request, bool scraping)
    {
        var stop = new ManualResetEventSlim();
        var scrapeTimes = new List<double>();
        var scraper = new Thread(() =>
        {
            while (scraping && !stop.IsSet)
            {
                long started = Stopwatch.GetTimestamp();
                Scrape(exporter);
                scrapeTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        scraper.Start();

        var latencies = new double[Requests];
        for (int i = 0; i < Requests; i++)
        {
            long started = Stopwatch.GetTimestamp();
            Consume(exporter, request);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        stop.Set();
        scraper.Join();
        Array.Sort(latencies);
        scrapeTimes.Sort();
        var scrapeMedian = scrapeTimes.Count > 0 ? $"{scrapeTimes[scrapeTimes.Count / 2]:0.0}" : "–";
        Console.WriteLine($"| {(scraping ? "back to back" : "none")} | {Requests:#,0} | {At(latencies, 0.50):0.0} | {At(latencies, 0.99):0.0} | {At(latencies, 0.999):0.0} | {latencies[^1]:0.0} | {scrapeTimes.Count} | {scrapeMedian} |");
    }

    // 100 senders of 1000 series each (their service.instance.id tells them apart): 100,000 series to scrape.
    private static byte[] FillRequest(int sender)
    {
        var fill = OtlpPayloads.Metrics(10, 100);
        fill.ResourceMetrics[0].Resource.Attributes.Add(new KeyValue { Key = "service.instance.id", Value = new AnyValue { StringValue = "sender-" + sender } });
        return fill.ToByteArray();
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

    private static void Consume(PrometheusExporter exporter, byte[] request)
        => exporter.ConsumeAsync(MetricsKind.Instance.FromBytes(request), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private static long Scrape(PrometheusExporter exporter)
    {
        long bytes = 0;
        InternalEntryPoints.WriteScrapeAsync(
            exporter,
            ExpositionFormat.PrometheusText,
            (chunk, _) =>
            {
                bytes += chunk.Length;
                return ValueTask.CompletedTask;
            },
            CancellationToken.None).GetAwaiter().GetResult();
        return bytes;
    }
}
