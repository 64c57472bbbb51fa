using MiniCollector.Exporters.Prometheus.Translation;

namespace MiniCollector.Exporters.Tests.Prometheus.Translation;

public class MetricNameCacheTests
{
    [Fact]
    public void Gives_the_same_names_as_the_function_and_reuses_them()
    {
        var cache = new MetricNameCache("app", TranslationStrategy.UnderscoreEscapingWithSuffixes);
        string first = cache.Get("http.server.duration", "ms", MetricKind.Histogram);
        Assert.Equal("app_http_server_duration_milliseconds", first);
        Assert.Same(first, cache.Get("http.server.duration", "ms", MetricKind.Histogram));
        Assert.Equal("app_http_server_duration_milliseconds_total", cache.Get("http.server.duration", "ms", MetricKind.MonotonicCounter));
    }

    [Fact]
    public void Keeps_working_past_its_capacity()
    {
        var cache = new MetricNameCache("", TranslationStrategy.UnderscoreEscapingWithSuffixes, capacity: 1);
        Assert.Equal("a_seconds", cache.Get("a", "s", MetricKind.Gauge));
        Assert.Equal("b_seconds", cache.Get("b", "s", MetricKind.Gauge));
        Assert.Equal("b_seconds", cache.Get("b", "s", MetricKind.Gauge));
    }
}
