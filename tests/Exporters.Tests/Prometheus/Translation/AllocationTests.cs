using MiniCollector.Exporters.Prometheus.Translation;

namespace MiniCollector.Exporters.Tests.Prometheus.Translation;

public class AllocationTests
{
    [Fact]
    public void Names_that_need_no_change_allocate_nothing()
    {
        const string metric = "http_server_duration_seconds";
        const string counter = "network_io_bytes_total";
        const string label = "http_method";

        // Warm up so one-time JIT work is not counted.
        for (int i = 0; i < 3; i++)
        {
            Run();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Run()
        {
            PrometheusNames.MetricName(metric, "s", MetricKind.Histogram, "", TranslationStrategy.UnderscoreEscapingWithSuffixes);
            PrometheusNames.MetricName(counter, "By", MetricKind.MonotonicCounter, "", TranslationStrategy.UnderscoreEscapingWithSuffixes);
            PrometheusNames.UnitWords("ms");
            PrometheusNames.LabelName(label, TranslationStrategy.UnderscoreEscapingWithSuffixes);
        }
    }
}
