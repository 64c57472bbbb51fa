using MiniCollector.Exporters.Prometheus;
using MiniCollector.Exporters.Prometheus.Translation;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>Binding the exporter's YAML section, and the options that change names and samples.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Defaults_with_only_an_endpoint()
    {
        var options = PrometheusConfig.Bind("endpoint: 0.0.0.0:8889", out var errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal("0.0.0.0:8889", options.Endpoint);
        Assert.Equal(string.Empty, options.Namespace);
        Assert.Empty(options.ConstLabels);
        Assert.False(options.SendTimestamps);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MetricExpiration);
        Assert.False(options.ResourceToTelemetryConversion);
        Assert.False(options.ExcludeServiceAttributes);
        Assert.False(options.EnableOpenMetrics);
        Assert.False(options.WithoutScopeInfo);
        Assert.Equal(TranslationStrategy.UnderscoreEscapingWithSuffixes, options.Strategy);
    }

    [Fact]
    public void Every_key_binds()
    {
        var options = PrometheusConfig.Bind(
            """
            endpoint: 127.0.0.1:9999
            namespace: shop
            const_labels:
              a: b
            send_timestamps: true
            metric_expiration: 90s
            resource_to_telemetry_conversion:
              enabled: true
              exclude_service_attributes: true
            enable_open_metrics: true
            without_scope_info: true
            translation_strategy: NoTranslation
            """,
            out var errors);

        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
        Assert.Equal("127.0.0.1:9999", options.Endpoint);
        Assert.Equal("shop", options.Namespace);
        Assert.Equal("b", options.ConstLabels["a"]);
        Assert.True(options.SendTimestamps);
        Assert.Equal(TimeSpan.FromSeconds(90), options.MetricExpiration);
        Assert.True(options.ResourceToTelemetryConversion);
        Assert.True(options.ExcludeServiceAttributes);
        Assert.True(options.EnableOpenMetrics);
        Assert.True(options.WithoutScopeInfo);
        Assert.Equal(TranslationStrategy.NoTranslation, options.Strategy);
    }

    [Theory]
    [InlineData("add_metric_suffixes: false", TranslationStrategy.UnderscoreEscapingWithoutSuffixes)]
    [InlineData("add_metric_suffixes: true", TranslationStrategy.UnderscoreEscapingWithSuffixes)]
    [InlineData("add_metric_suffixes: false\ntranslation_strategy: UnderscoreEscapingWithSuffixes", TranslationStrategy.UnderscoreEscapingWithSuffixes)]
    [InlineData("add_metric_suffixes: true\ntranslation_strategy: UnderscoreEscapingWithoutSuffixes", TranslationStrategy.UnderscoreEscapingWithoutSuffixes)]
    [InlineData("translation_strategy: NoUTF8EscapingWithSuffixes", TranslationStrategy.NoUTF8EscapingWithSuffixes)]
    [InlineData("translation_strategy: NoTranslation", TranslationStrategy.NoTranslation)]
    public void Translation_strategy_wins_over_add_metric_suffixes(string yaml, TranslationStrategy expected)
    {
        var options = PrometheusConfig.Bind("endpoint: 127.0.0.1:0\n" + yaml, out var errors);

        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
        Assert.Equal(expected, options.Strategy);
    }

    [Theory]
    [InlineData("Bogus")]
    [InlineData("underscoreescapingwithsuffixes")]
    public void Invalid_translation_strategy_is_a_config_error(string value)
    {
        PrometheusConfig.Bind("endpoint: 127.0.0.1:0\ntranslation_strategy: " + value, out var errors);

        var error = Assert.Single(errors.Items);
        Assert.Equal("exporters::prometheus::translation_strategy", error.Path);
        Assert.StartsWith("invalid translation_strategy: " + value, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
        Assert.Equal(2, error.Location!.Value.Line);
    }

    [Theory]
    [InlineData("namespace: x")]
    [InlineData("endpoint: \"\"")]
    [InlineData("endpoint:")]
    public void Missing_endpoint_is_a_config_error(string yaml)
    {
        PrometheusConfig.Bind(yaml, out var errors);

        var error = Assert.Single(errors.Items);
        Assert.Equal("exporters::prometheus::endpoint", error.Path);
        Assert.Contains("endpoint is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        PrometheusConfig.Bind(
            """
            translation_strategy: Nope
            metric_expiration: 0s
            send_timestamps: maybe
            no_such_key: 1
            """,
            out var errors);

        var paths = errors.Items.Select(e => e.Path).ToList();
        Assert.Contains("exporters::prometheus::translation_strategy", paths);
        Assert.Contains("exporters::prometheus::metric_expiration", paths);
        Assert.Contains("exporters::prometheus::send_timestamps", paths);
        Assert.Contains("exporters::prometheus::endpoint", paths);
        Assert.Contains(errors.Items, e => e.ToString().Contains("no_such_key", StringComparison.Ordinal));
        Assert.Equal(5, errors.Items.Count);
    }

    [Fact]
    public void Namespace_prefixes_every_metric_and_is_sanitised()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nnamespace: my-app");
        h.Ingest(Gauge("g", Point(1, At(1))), Counter("requests", Point(2, At(1), At(0))), Gauge("cpu", Point(0.5, At(1))).With("1"));

        Assert.Equal(
            """
            # TYPE my_app_cpu_ratio gauge
            my_app_cpu_ratio 0.5
            # TYPE my_app_g gauge
            my_app_g 1
            # TYPE my_app_requests_total counter
            my_app_requests_total 2

            """,
            h.Text());
    }

    [Fact]
    public void Send_timestamps_writes_the_point_time_in_milliseconds()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nsend_timestamps: true\nenable_open_metrics: true");
        h.Ingest(
            Gauge("g", Point(1, At(1) + 500_000_000UL)),
            Counter("c", Point(2, At(2), At(0))),
            Histogram("h", MiniCollector.Otlp.Metrics.AggregationTemporality.Cumulative, HistogramPoint(At(0), At(3), [1], [1, 0], 0.5)));

        Assert.Equal(
            """
            # TYPE c_total counter
            c_total 2 1700000002000
            # TYPE g gauge
            g 1 1700000001500
            # TYPE h histogram
            h_bucket{le="1"} 1 1700000003000
            h_bucket{le="+Inf"} 1 1700000003000
            h_sum 0.5 1700000003000
            h_count 1 1700000003000

            """,
            h.Text());

        // OpenMetrics timestamps are seconds.
        Assert.Equal(
            """
            # TYPE c counter
            c_total 2.0 1700000002
            c_created 1700000000 1700000002
            # TYPE g gauge
            g 1.0 1700000001.5
            # TYPE h histogram
            h_bucket{le="1.0"} 1 1700000003
            h_bucket{le="+Inf"} 1 1700000003
            h_sum 0.5 1700000003
            h_count 1 1700000003
            h_created 1700000000 1700000003
            # EOF

            """,
            h.OpenMetrics());
    }

    [Fact]
    public void Without_send_timestamps_no_sample_has_a_timestamp()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Gauge("g", Point(1, At(1))));

        Assert.Equal("# TYPE g gauge\ng 1\n", h.Text());
    }

    /// <summary>
    /// target_info has no OTLP time: with send_timestamps it must not carry a made-up one. Today it is written with
    /// timestamp 0 (1970-01-01), which Prometheus rejects as out of bounds, so target_info is lost for every
    /// target. The reference writes target_info without a timestamp.
    /// </summary>
    [Fact]
    public void Send_timestamps_does_not_give_target_info_a_1970_timestamp()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nsend_timestamps: true");
        h.Ingest(Request(Resource(Attr("service.name", "cart"), Attr("host.name", "h1")), null, Gauge("g", Point(1, At(1)))));

        Assert.Equal(
            """
            # TYPE g gauge
            g{job="cart"} 1 1700000001000
            # HELP target_info Target metadata
            # TYPE target_info gauge
            target_info{host_name="h1",job="cart"} 1

            """,
            h.Text());
    }

    [Fact]
    public void Options_built_as_a_record_work_the_same()
    {
        var h = ExporterHarness.FromOptions(new PrometheusOptions
        {
            Endpoint = "127.0.0.1:0",
            Namespace = "ns",
            ConstLabels = new Dictionary<string, string> { ["k"] = "v" },
            Strategy = TranslationStrategy.UnderscoreEscapingWithoutSuffixes,
        });
        h.Ingest(Counter("req.served", Point(3, At(1), At(0))).With("s"));

        Assert.Equal("# TYPE ns_req_served counter\nns_req_served{k=\"v\"} 3\n", h.Text());
    }
}
