using System.Globalization;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Metrics;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>Ingestion and scrapes at the same time: nothing throws, every scrape is whole, the final state is exact.</summary>
public sealed class ConcurrencyTests
{
    private const int Writers = 4;
    private const int Readers = 3;
    private const int Exports = 300;

    [Fact]
    public async Task Writers_and_scrapers_run_together_and_the_final_values_are_exact()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        using var start = new Barrier(Writers + Readers);
        int writersLeft = Writers;

        var writers = Enumerable.Range(0, Writers).Select(w => Dedicated(() =>
        {
            start.SignalAndWait();
            var worker = Attr("worker", w.ToString(CultureInfo.InvariantCulture));
            for (int i = 0; i < Exports; i++)
            {
                // Each export: one aligned delta (adds 1), a cumulative histogram, a gauge and a shared-family counter.
                var histogram = HistogramPoint(At(0), At(i + 1), [1, 10], [(ulong)i, 1, 0], i).Attrs(worker);
                h.Ingest(Request(
                    Resource(Attr("service.name", "svc"), Attr("service.instance.id", "w" + w), Attr("host.name", "h" + w)),
                    Scope("lib"),
                    Sum("deltas", AggregationTemporality.Delta, true, Point(1, At(i + 1), At(i)).Attrs(worker)),
                    Histogram("latency", AggregationTemporality.Cumulative, histogram),
                    Gauge("progress", Point(i, At(i + 1)).Attrs(worker)),
                    Counter("exports", Point(i + 1, At(i + 1), At(0)).Attrs(worker, Attr("series", (i % 5).ToString(CultureInfo.InvariantCulture))))));
            }

            Interlocked.Decrement(ref writersLeft);
        })).ToList();

        int scrapes = 0;
        var samples = new System.Collections.Concurrent.ConcurrentBag<string>();
        var readers = Enumerable.Range(0, Readers).Select(r => Dedicated(() =>
        {
            start.SignalAndWait();
            var format = r % 2 == 0 ? ExpositionFormat.PrometheusText : ExpositionFormat.OpenMetrics;

            // Bounded: at most this many scrapes each, stopping early once the writers are done.
            for (int i = 0; i < 2000 && Volatile.Read(ref writersLeft) > 0; i++)
            {
                var text = h.RenderRaw(format);
                if (format == ExpositionFormat.OpenMetrics)
                {
                    Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
                }

                // Some of the scrapes taken mid-ingestion go to the judges afterwards (promtool is a process per check).
                if (i % 25 == 0 && samples.Count < 12)
                {
                    samples.Add(text);
                }

                Interlocked.Increment(ref scrapes);
            }
        })).ToList();

        await Task.WhenAll(writers.Concat(readers));
        Assert.True(scrapes > 0);
        foreach (var sample in samples)
        {
            if (sample.EndsWith("# EOF\n", StringComparison.Ordinal))
            {
                OpenMetricsShape.AssertValid(sample);
            }
            else
            {
                Promtool.AssertParses(sample);
            }
        }

        // Judged without the harness's twin: concurrent writers create series in another order in each.
        var final = h.RenderRaw(ExpositionFormat.PrometheusText);
        Promtool.AssertParses(final);
        OpenMetricsShape.AssertValid(h.RenderRaw(ExpositionFormat.OpenMetrics));
        for (int w = 0; w < Writers; w++)
        {
            string labels = $"instance=\"w{w}\",job=\"svc\",otel_scope_name=\"lib\",worker=\"{w}\"";
            Assert.Contains($"deltas_total{{{labels}}} {Exports}\n", final, StringComparison.Ordinal);
            Assert.Contains($"progress{{{labels}}} {Exports - 1}\n", final, StringComparison.Ordinal);
            Assert.Contains($"latency_count{{{labels}}} {Exports}\n", final, StringComparison.Ordinal);
            Assert.Contains($"latency_bucket{{{labels},le=\"1\"}} {Exports - 1}\n", final, StringComparison.Ordinal);
            Assert.Contains($"target_info{{host_name=\"h{w}\",instance=\"w{w}\",job=\"svc\"}} 1\n", final, StringComparison.Ordinal);
            for (int s = 0; s < 5; s++)
            {
                // The last export of series s is the largest i with i % 5 == s; its value is i + 1.
                int last = Exports - 1 - ((Exports - 1 - s) % 5);
                Assert.Contains($"exports_total{{{labels.Replace(",worker", $",series=\"{s}\",worker", StringComparison.Ordinal)}}} {last + 1}\n", final, StringComparison.Ordinal);
            }
        }

        Assert.Equal(Writers * 5, final.Split('\n').Count(l => l.StartsWith("exports_total{", StringComparison.Ordinal)));
        Assert.Equal(0, h.Dropped);
    }

    // Own threads, so the barrier does not wait on thread-pool growth.
    private static Task Dedicated(Action action) => Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
