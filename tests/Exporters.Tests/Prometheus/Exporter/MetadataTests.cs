using MiniCollector.Otlp.Metrics;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>One TYPE per family, the first HELP, and OpenMetrics UNIT only when the name ends with it.</summary>
public sealed class MetadataTests
{
    private const string OpenMetricsYaml = "endpoint: 127.0.0.1:0\nenable_open_metrics: true";

    [Fact]
    public void Same_name_as_gauge_then_counter_drops_the_counter_and_counts_it()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml + "\nadd_metric_suffixes: false");
        h.Ingest(Gauge("queue", Point(1, At(1))).With(description: "As a gauge"));
        h.Ingest(Counter("queue", Point(5, At(2), At(0)), Point(6, At(2), At(0)).Attrs(Attr("a", "b"))).With(description: "As a counter"));

        Assert.Equal("# HELP queue As a gauge\n# TYPE queue gauge\nqueue 1\n", h.Text());
        Assert.Equal("# TYPE queue gauge\n# HELP queue As a gauge\nqueue 1.0\n# EOF\n", h.OpenMetrics());
        Assert.Equal(2, h.Dropped);
    }

    [Fact]
    public void Conflict_within_one_request_keeps_the_first_type()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(
            Counter("jobs", Point(5, At(2), At(0))),
            Gauge("jobs_total", Point(1, At(1))),
            Histogram("jobs.total", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(1), [1], [1, 0], 1)));

        Assert.Equal("# TYPE jobs_total counter\njobs_total 5\n", h.Text());
        Assert.Equal(2, h.Dropped);
    }

    /// <summary>
    /// With suffixes on, a gauge <c>foo</c> and a counter <c>foo</c> are <c>foo</c> and <c>foo_total</c> in the text
    /// format, but both are the family <c>foo</c> in OpenMetrics: the exposition would say <c># TYPE foo</c> twice,
    /// which the spec forbids ("MUST NOT emit duplicate TYPE; drop the conflicting metric").
    /// </summary>
    [Fact]
    public void Gauge_and_counter_of_the_same_name_never_give_two_OpenMetrics_TYPE_lines()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        h.Ingest(Gauge("foo", Point(1, At(1))));
        h.Ingest(Counter("foo", Point(5, At(2), At(0))));

        var om = h.OpenMetrics();
        Assert.Single(om.Split('\n'), l => l.StartsWith("# TYPE foo ", StringComparison.Ordinal));
        Assert.Equal(1, h.Dropped);
        h.Text();
    }

    [Fact]
    public void Help_comes_from_the_first_description()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        h.Ingest(Gauge("g", Point(1, At(1)).Attrs(Attr("k", "a"))).With(description: "First"));
        h.Ingest(Gauge("g", Point(2, At(1)).Attrs(Attr("k", "b"))).With(description: "Second"));

        Assert.Equal("# HELP g First\n# TYPE g gauge\ng{k=\"a\"} 1\ng{k=\"b\"} 2\n", h.Text());
        Assert.Equal(0, h.Dropped);
    }

    [Fact]
    public void Help_is_escaped()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        h.Ingest(Gauge("g", Point(1, At(1))).With(description: "Line one\nC:\\path \"quoted\""));

        Assert.StartsWith("# HELP g Line one\\nC:\\\\path \"quoted\"\n", h.Text(), StringComparison.Ordinal);
        Assert.Contains("# HELP g Line one\\nC:\\\\path \\\"quoted\\\"\n", h.OpenMetrics(), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMetrics_unit_only_when_the_name_ends_with_it()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        h.Ingest(
            Gauge("disk.io", Point(1, At(1))).With("By"),
            Gauge("bytes.received.rate", Point(2, At(1))).With("By"),
            Counter("cpu.time", Point(3, At(1), At(0))).With("s"),
            Gauge("load", Point(0.5, At(1))).With("1"),
            Gauge("requests.inflight", Point(4, At(1))).With("{request}"));

        Assert.Equal(
            """
            # TYPE bytes_received_rate gauge
            bytes_received_rate 2.0
            # TYPE cpu_time_seconds counter
            # UNIT cpu_time_seconds seconds
            cpu_time_seconds_total 3.0
            cpu_time_seconds_created 1700000000
            # TYPE disk_io_bytes gauge
            # UNIT disk_io_bytes bytes
            disk_io_bytes 1.0
            # TYPE load_ratio gauge
            # UNIT load_ratio ratio
            load_ratio 0.5
            # TYPE requests_inflight gauge
            requests_inflight 4.0
            # EOF

            """,
            h.OpenMetrics());

        // Text 0.0.4 has no UNIT line.
        Assert.DoesNotContain("# UNIT", h.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_OpenMetrics_unit_without_suffixes()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml + "\nadd_metric_suffixes: false");
        h.Ingest(Histogram("http.duration", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(1), [1], [1, 0], 1)).With("ms"));

        Assert.DoesNotContain("# UNIT", h.OpenMetrics(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_help_or_type_without_points_is_not_written()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        h.Ingest(Gauge("empty").With(description: "No points"), Gauge("g", Point(1, At(1))));

        Assert.Equal("# TYPE g gauge\ng 1\n", h.Text());
        Assert.Equal("# TYPE g gauge\ng 1.0\n# EOF\n", h.OpenMetrics());
    }

    /// <summary>
    /// A metric that conflicts with an existing family is dropped, so its NoRecordedValue points must not delete the
    /// existing family's series either.
    /// </summary>
    [Fact]
    public void No_recorded_value_of_a_conflicting_metric_does_not_delete_the_other_type()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nadd_metric_suffixes: false");
        h.Ingest(Gauge("queue", Point(1, At(1)).Attrs(Attr("k", "a"))));
        h.Ingest(Counter("queue", Point(0, At(2), At(0), NoRecordedValue).Attrs(Attr("k", "a"))));

        Assert.Equal("# TYPE queue gauge\nqueue{k=\"a\"} 1\n", h.Text());
    }
}
