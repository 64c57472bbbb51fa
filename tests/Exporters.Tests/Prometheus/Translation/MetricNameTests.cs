using MiniCollector.Exporters.Prometheus.Translation;

namespace MiniCollector.Exporters.Tests.Prometheus.Translation;

public class MetricNameTests
{
    private const TranslationStrategy Suffixes = TranslationStrategy.UnderscoreEscapingWithSuffixes;
    private const TranslationStrategy NoSuffixes = TranslationStrategy.UnderscoreEscapingWithoutSuffixes;
    private const TranslationStrategy Utf8Suffixes = TranslationStrategy.NoUTF8EscapingWithSuffixes;
    private const TranslationStrategy NoTranslation = TranslationStrategy.NoTranslation;

    private static string Name(string name, string unit, MetricKind kind, TranslationStrategy strategy = Suffixes, string ns = "") =>
        PrometheusNames.MetricName(name, unit, kind, ns, strategy);

    // Examples from the spec, the contrib translator README and its tests.
    [Fact]
    public void Histogram_gets_its_unit_word()
    {
        Assert.Equal("http_server_duration_milliseconds", Name("http.server.duration", "ms", MetricKind.Histogram));
    }

    [Fact]
    public void Counter_gets_total_and_unit_1_adds_nothing()
    {
        Assert.Equal("requests_total", Name("requests", "1", MetricKind.MonotonicCounter));
    }

    [Fact]
    public void Gauge_with_unit_1_gets_ratio()
    {
        Assert.Equal("system_cpu_utilization_ratio", Name("system.cpu.utilization", "1", MetricKind.Gauge));
    }

    [Fact]
    public void Ratio_is_for_gauges_only()
    {
        Assert.Equal("objects", Name("objects", "1", MetricKind.NonMonotonicSum));
        Assert.Equal("latency", Name("latency", "1", MetricKind.Histogram));
        Assert.Equal("objects_total", Name("objects", "1", MetricKind.MonotonicCounter));
    }

    [Fact]
    public void Unit_comes_before_the_type_suffix()
    {
        Assert.Equal("network_io_bytes_total", Name("network.io", "By", MetricKind.MonotonicCounter));
        Assert.Equal("system_disk_operation_time_seconds_total", Name("system.disk.operation_time", "s", MetricKind.MonotonicCounter));
    }

    [Fact]
    public void Rate_unit_becomes_per()
    {
        Assert.Equal("speed_meters_per_second", Name("speed", "m/s", MetricKind.Gauge));
        Assert.Equal("mongodbatlas_process_oplog_rate_gibibytes_per_hour", Name("mongodbatlas.process.oplog.rate", "GiBy/h", MetricKind.Gauge));
        Assert.Equal("broken_metric_speed_km_per_hour", Name("broken.metric.speed", "km/h", MetricKind.Gauge));
    }

    [Fact]
    public void Annotation_unit_adds_nothing()
    {
        Assert.Equal("packets_total", Name("packets", "{packet}", MetricKind.MonotonicCounter));
        Assert.Equal("system_network_dropped", Name("system.network.dropped", "{packets}", MetricKind.Gauge));
    }

    [Fact]
    public void Annotated_rate_keeps_only_the_per_part()
    {
        Assert.Equal("active_directory_ds_replication_object_rate_per_second", Name("active_directory.ds.replication.object.rate", "{objects}/s", MetricKind.Gauge));
        Assert.Equal("custom_metric_bytes", Name("custom_metric", "By/{custom}", MetricKind.Gauge));
        Assert.Equal("q_scanned_per_returned", Name("q.scanned_per_returned", "{scanned}/{returned}", MetricKind.Gauge));
    }

    [Fact]
    public void Name_already_holding_the_unit_is_not_suffixed_again()
    {
        Assert.Equal("response_time_seconds", Name("response_time_seconds", "s", MetricKind.Gauge));
        Assert.Equal("network_transmitted_bytes_total", Name("network_transmitted_bytes_total", "By", MetricKind.MonotonicCounter));
        Assert.Equal("throughput_bytes_per_second", Name("throughput.bytes.per.second", "By/s", MetricKind.Gauge));
    }

    [Fact]
    public void Unit_already_present_as_a_token_elsewhere_is_not_added_as_contrib_does()
    {
        Assert.Equal("system_network_packets_dropped", Name("system.network.packets.dropped", "packets", MetricKind.Gauge));
        Assert.Equal("nginx_connections_accepted", Name("nginx.connections_accepted", "connections", MetricKind.Gauge));
    }

    [Fact]
    public void Unit_is_compared_on_whole_tokens()
    {
        // "foobytes" does not hold the token "bytes"; "bytes_per" must not satisfy "per_second".
        Assert.Equal("foobytes_bytes", Name("foobytes", "By", MetricKind.Gauge));
        Assert.Equal("io_bytes_per_bytes_per_second", Name("io.bytes.per.bytes", "By/s", MetricKind.Gauge));
    }

    [Fact]
    public void Existing_total_is_not_duplicated()
    {
        Assert.Equal("requests_total", Name("requests_total", "", MetricKind.MonotonicCounter));
        Assert.Equal("requests_total", Name("requests.total", "", MetricKind.MonotonicCounter));
    }

    [Fact]
    public void Total_in_the_middle_moves_to_the_end_as_contrib_does()
    {
        Assert.Equal("requests_total", Name("total.requests", "", MetricKind.MonotonicCounter));
        Assert.Equal("http_requests_bytes_total", Name("http.total.requests", "By", MetricKind.MonotonicCounter));
        Assert.Equal("requests_bytes_total", Name("requests_total", "By", MetricKind.MonotonicCounter));
    }

    [Fact]
    public void Total_is_only_touched_on_counters()
    {
        Assert.Equal("requests_total_seconds", Name("requests_total", "s", MetricKind.Histogram));
        Assert.Equal("subtotal_total", Name("subtotal", "", MetricKind.MonotonicCounter));
    }

    [Fact]
    public void Existing_ratio_is_not_duplicated()
    {
        Assert.Equal("hw_fan_speed_ratio", Name("hw.fan.speed_ratio", "1", MetricKind.Gauge));
        Assert.Equal("cpu_usage_ratio", Name("cpu_usage_ratio", "1", MetricKind.Gauge));
    }

    [Fact]
    public void Percent_and_dollars()
    {
        Assert.Equal("storage_filesystem_utilization_percent", Name("storage.filesystem.utilization", "%", MetricKind.Gauge));
        Assert.Equal("crypto_dogecoin_value_dollars", Name("crypto.dogecoin.value", "$", MetricKind.Gauge));
        Assert.Equal("broken_metric_success_ratio_percent", Name("broken.metric.success_ratio", "%", MetricKind.Gauge));
    }

    [Fact]
    public void Unknown_unit_is_appended_sanitised()
    {
        Assert.Equal("system_network_dropped_packets", Name("system.network.dropped", "packets", MetricKind.Gauge));
        Assert.Equal("unsupported_metric_temperature_F", Name("unsupported.metric.temperature", "°F", MetricKind.Gauge));
        Assert.Equal("unsupported_metric_weird", Name("unsupported.metric.weird", "+=.:,!* & #", MetricKind.Gauge));
        Assert.Equal("unsupported_metric_redundant_test_per_C", Name("unsupported.metric.redundant", "__test $/°C", MetricKind.Gauge));
        Assert.Equal("custom_metric_unit_with_special_per_chars", Name("custom_metric", "unit@with#special/chars", MetricKind.Gauge));
    }

    [Fact]
    public void Blank_and_spaced_units()
    {
        Assert.Equal("test_metric_spaces", Name("test.metric.spaces", "   \t  ", MetricKind.Gauge));
        Assert.Equal("system_filesystem_usage_bytes", Name("\t system.filesystem.usage       ", "  By\t", MetricKind.Gauge));
        Assert.Equal("metric_bytes_per_second", Name("metric", " By / s ", MetricKind.Gauge));
        Assert.Equal("metric_bytes", Name("metric", "By/", MetricKind.Gauge));
        Assert.Equal("metric", Name("metric", "/", MetricKind.Gauge));
    }

    [Fact]
    public void Invalid_characters_become_one_underscore_and_edges_are_trimmed()
    {
        Assert.Equal("lambda_function_executions", Name("(lambda).function.executions(#)", "", MetricKind.Gauge));
        Assert.Equal("metric_with_multiple_underscores", Name("metric__with__multiple__underscores", "", MetricKind.Gauge));
        Assert.Equal("m_tric", Name("métric", "", MetricKind.Gauge));
        Assert.Equal("a_b", Name("a😀b", "", MetricKind.Gauge));
    }

    [Fact]
    public void Colons_are_kept()
    {
        Assert.Equal("job:requests:rate5m", Name("job:requests:rate5m", "", MetricKind.Gauge));
        Assert.Equal(":foo::bar_total", Name(":foo::bar", "", MetricKind.MonotonicCounter));
    }

    [Fact]
    public void Leading_digit_gets_an_underscore()
    {
        Assert.Equal("_3_14_digits", Name("3.14 digits", "", MetricKind.Gauge));
        Assert.Equal("_3_14_digits", Name("3.14 digits", "", MetricKind.Gauge, NoSuffixes));
        Assert.Equal("_15m_load_ratio", Name("15m.load", "1", MetricKind.Gauge));
    }

    [Fact]
    public void Namespace_is_prefixed_and_sanitised()
    {
        Assert.Equal("space_test", Name("test", "", MetricKind.Gauge, ns: "space"));
        Assert.Equal("space_test", Name("#test", "", MetricKind.Gauge, ns: "space"));
        Assert.Equal("system_network_io_bytes_total", Name("network.io", "By", MetricKind.MonotonicCounter, ns: "system"));
        Assert.Equal("my_ns_requests_total", Name("requests", "", MetricKind.MonotonicCounter, ns: "my-ns."));
        Assert.Equal("test_namespace_metric", Name("metric", "", MetricKind.Gauge, NoSuffixes, "test@namespace!!??"));
    }

    [Fact]
    public void Namespace_is_not_searched_for_units_or_totals()
    {
        Assert.Equal("bytes_io_bytes", Name("io", "By", MetricKind.Gauge, ns: "bytes"));
        Assert.Equal("total_requests_total", Name("requests", "", MetricKind.MonotonicCounter, ns: "total"));
    }

    [Fact]
    public void Namespace_makes_a_leading_digit_safe()
    {
        Assert.Equal("app_123_requests_total", Name("123_requests", "", MetricKind.MonotonicCounter, ns: "app"));
        Assert.Equal("_1app_requests_total", Name("requests", "", MetricKind.MonotonicCounter, ns: "1app"));
    }

    [Fact]
    public void Without_suffixes_names_are_only_escaped()
    {
        Assert.Equal("system_io", Name("system.io", "By", MetricKind.MonotonicCounter, NoSuffixes));
        Assert.Equal("system_network_io", Name("network.io", "By", MetricKind.MonotonicCounter, NoSuffixes, "system"));
        Assert.Equal("system_network_I_O", Name("network (I/O)", "By", MetricKind.MonotonicCounter, NoSuffixes, "system"));
        Assert.Equal("cpu_utilization", Name("cpu.utilization", "1", MetricKind.Gauge, NoSuffixes));
        Assert.Equal("metric_name", Name("metric@@##$$name", "", MetricKind.Gauge, NoSuffixes));
    }

    [Fact]
    public void Nothing_left_gives_an_empty_name()
    {
        Assert.Equal("", Name("@#$%", "", MetricKind.Gauge));
        Assert.Equal("", Name("", "", MetricKind.Gauge, NoSuffixes));
    }

    [Fact]
    public void NoTranslation_keeps_utf8_names_and_adds_nothing()
    {
        Assert.Equal("http.server.request.duration", Name("http.server.request.duration", "s", MetricKind.Histogram, NoTranslation));
        Assert.Equal("http.requests", Name("http.requests", "1", MetricKind.MonotonicCounter, NoTranslation));
        Assert.Equal("métric_with_ñ_chars", Name("métric_with_ñ_chars", "", MetricKind.Gauge, NoTranslation));
        Assert.Equal("test_namespace_métric", Name("métric", "", MetricKind.Gauge, NoTranslation, "test_namespace"));
    }

    [Fact]
    public void NoUTF8Escaping_keeps_utf8_names_and_adds_suffixes()
    {
        Assert.Equal("requêsts_total", Name("requêsts", "", MetricKind.MonotonicCounter, Utf8Suffixes));
        Assert.Equal("cpu_usagé_ratio", Name("cpu_usagé", "1", MetricKind.Gauge, Utf8Suffixes));
        Assert.Equal("respønse_time_milliseconds", Name("respønse_time", "ms", MetricKind.Gauge, Utf8Suffixes));
        Assert.Equal("http.server.duration_seconds", Name("http.server.duration", "s", MetricKind.Histogram, Utf8Suffixes));
        Assert.Equal("ñamespace_requêsts_per_second_total", Name("requêsts", "1/s", MetricKind.MonotonicCounter, Utf8Suffixes, "ñamespace"));
        Assert.Equal("@#$%_total", Name("@#$%", "", MetricKind.MonotonicCounter, Utf8Suffixes));
    }

    [Fact]
    public void NoUTF8Escaping_does_not_repeat_existing_suffixes()
    {
        Assert.Equal("requests_total", Name("requests_total", "", MetricKind.MonotonicCounter, Utf8Suffixes));
        Assert.Equal("io.bytes_total", Name("io.bytes.total", "By", MetricKind.MonotonicCounter, Utf8Suffixes));
        Assert.Equal("cpu_ratio", Name("cpu.ratio", "1", MetricKind.Gauge, Utf8Suffixes));
        Assert.Equal("rx.bytes_per_second", Name("rx.bytes.per_second", "By/s", MetricKind.Gauge, Utf8Suffixes));
        Assert.Equal("foobytes_bytes", Name("foobytes", "By", MetricKind.Gauge, Utf8Suffixes));
        Assert.Equal("subtotal_total", Name("subtotal", "", MetricKind.MonotonicCounter, Utf8Suffixes));
    }

    [Fact]
    public void An_unchanged_name_is_returned_as_the_same_instance()
    {
        const string name = "http_server_duration_seconds";
        Assert.Same(name, Name(name, "s", MetricKind.Histogram));
        Assert.Same(name, Name(name, "s", MetricKind.Histogram, NoSuffixes));
        Assert.Same(name, Name(name, "s", MetricKind.Histogram, Utf8Suffixes));
        Assert.Same(name, Name(name, "s", MetricKind.Histogram, NoTranslation));
    }

    [Fact]
    public void Long_names_are_handled()
    {
        string name = string.Join('.', Enumerable.Repeat("segment", 100));
        string expected = string.Join('_', Enumerable.Repeat("segment", 100)) + "_bytes_per_second_total";
        Assert.Equal(expected, Name(name, "By/s", MetricKind.MonotonicCounter));
    }
}
