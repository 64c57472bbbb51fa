using MiniCollector.Exporters.Prometheus.Translation;

namespace MiniCollector.Exporters.Tests.Prometheus.Translation;

public class UnitWordsTests
{
    // The contrib translator README's table of standard units.
    [Theory]
    [InlineData("d", "days")]
    [InlineData("h", "hours")]
    [InlineData("min", "minutes")]
    [InlineData("s", "seconds")]
    [InlineData("ms", "milliseconds")]
    [InlineData("us", "microseconds")]
    [InlineData("ns", "nanoseconds")]
    [InlineData("By", "bytes")]
    [InlineData("KiBy", "kibibytes")]
    [InlineData("MiBy", "mebibytes")]
    [InlineData("GiBy", "gibibytes")]
    [InlineData("TiBy", "tibibytes")]
    [InlineData("KBy", "kilobytes")]
    [InlineData("MBy", "megabytes")]
    [InlineData("GBy", "gigabytes")]
    [InlineData("TBy", "terabytes")]
    [InlineData("B", "bytes")]
    [InlineData("KB", "kilobytes")]
    [InlineData("MB", "megabytes")]
    [InlineData("GB", "gigabytes")]
    [InlineData("TB", "terabytes")]
    [InlineData("m", "meters")]
    [InlineData("V", "volts")]
    [InlineData("A", "amperes")]
    [InlineData("J", "joules")]
    [InlineData("W", "watts")]
    [InlineData("g", "grams")]
    [InlineData("Cel", "celsius")]
    [InlineData("Hz", "hertz")]
    [InlineData("%", "percent")]
    [InlineData("$", "dollars")]
    public void Standard_units_become_words(string unit, string words)
    {
        Assert.Equal(words, PrometheusNames.UnitWords(unit));
    }

    [Theory]
    [InlineData("1/s", "per_second")]
    [InlineData("1/m", "per_minute")]
    [InlineData("1/h", "per_hour")]
    [InlineData("1/d", "per_day")]
    [InlineData("1/w", "per_week")]
    [InlineData("1/mo", "per_month")]
    [InlineData("1/y", "per_year")]
    [InlineData("By/s", "bytes_per_second")]
    [InlineData("m/s", "meters_per_second")]
    [InlineData("km/h", "km_per_hour")]
    [InlineData("1/custom_unit", "per_custom_unit")]
    public void Rates_use_the_singular_per_table(string unit, string words)
    {
        Assert.Equal(words, PrometheusNames.UnitWords(unit));
    }

    [Theory]
    [InlineData("{request}", "")]
    [InlineData("{packet}/s", "per_second")]
    [InlineData("By/{custom}", "bytes")]
    [InlineData("{scanned}/{returned}", "")]
    public void Annotations_are_dropped(string unit, string words)
    {
        Assert.Equal(words, PrometheusNames.UnitWords(unit));
    }

    [Fact]
    public void Unit_1_is_empty()
    {
        Assert.Equal("", PrometheusNames.UnitWords("1"));
        Assert.Equal("", PrometheusNames.UnitWords(""));
    }

    [Theory]
    [InlineData("packets", "packets")]
    [InlineData("connections", "connections")]
    [InlineData("°F", "F")]
    [InlineData("unit__multiple__underscores", "unit_multiple_underscores")]
    [InlineData("unit@with#special/chars", "unit_with_special_per_chars")]
    [InlineData("+=.:,!* & #", "")]
    [InlineData(" By / s ", "bytes_per_second")]
    [InlineData("By/", "bytes")]
    [InlineData("/", "")]
    public void Unknown_units_are_kept_sanitised(string unit, string words)
    {
        Assert.Equal(words, PrometheusNames.UnitWords(unit));
    }

    [Fact]
    public void Units_are_case_sensitive()
    {
        Assert.Equal("S", PrometheusNames.UnitWords("S"));
        Assert.Equal("seconds", PrometheusNames.UnitWords("s"));
    }

    [Fact]
    public void Unit_metadata_is_the_words_when_the_family_ends_with_them()
    {
        Assert.Equal("milliseconds", PrometheusNames.UnitMetadata("http_server_duration_milliseconds", "ms", MetricKind.Histogram));
        Assert.Equal("bytes", PrometheusNames.UnitMetadata("network_io_bytes_total", "By", MetricKind.MonotonicCounter));
        Assert.Equal("ratio", PrometheusNames.UnitMetadata("system_cpu_utilization_ratio", "1", MetricKind.Gauge));
        Assert.Equal("bytes_per_second", PrometheusNames.UnitMetadata("throughput_bytes_per_second", "By/s", MetricKind.Gauge));
    }

    [Fact]
    public void Unit_metadata_is_empty_when_the_name_does_not_end_with_the_unit()
    {
        Assert.Equal("", PrometheusNames.UnitMetadata("bytes_received", "By", MetricKind.Gauge));
        Assert.Equal("", PrometheusNames.UnitMetadata("http_server_duration", "ms", MetricKind.Histogram));
        Assert.Equal("", PrometheusNames.UnitMetadata("requests_total", "1", MetricKind.MonotonicCounter));
        Assert.Equal("", PrometheusNames.UnitMetadata("packets_total", "{packet}", MetricKind.MonotonicCounter));
        Assert.Equal("", PrometheusNames.UnitMetadata("bytes", "By", MetricKind.Gauge));
    }
}
