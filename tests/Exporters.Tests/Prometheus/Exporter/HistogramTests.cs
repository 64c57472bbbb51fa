using MiniCollector.Otlp.Metrics;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>Explicit-bucket histograms: cumulative buckets, delta accumulation, exemplars; and summaries.</summary>
public sealed class HistogramTests
{
    private const string OpenMetricsYaml = "endpoint: 127.0.0.1:0\nenable_open_metrics: true";

    [Fact]
    public void Cumulative_histogram_has_cumulative_le_buckets_inf_sum_and_count()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        h.Ingest(Histogram(
            "http.server.duration",
            AggregationTemporality.Cumulative,
            HistogramPoint(At(0), At(10), [5, 10, 25], [1, 2, 3, 4], 123.5).Attrs(Attr("http.route", "/a"))).With("ms", "Request duration"));

        Assert.Equal(
            """
            # HELP http_server_duration_milliseconds Request duration
            # TYPE http_server_duration_milliseconds histogram
            http_server_duration_milliseconds_bucket{http_route="/a",le="5"} 1
            http_server_duration_milliseconds_bucket{http_route="/a",le="10"} 3
            http_server_duration_milliseconds_bucket{http_route="/a",le="25"} 6
            http_server_duration_milliseconds_bucket{http_route="/a",le="+Inf"} 10
            http_server_duration_milliseconds_sum{http_route="/a"} 123.5
            http_server_duration_milliseconds_count{http_route="/a"} 10

            """,
            h.Text());

        Assert.Equal(
            """
            # TYPE http_server_duration_milliseconds histogram
            # UNIT http_server_duration_milliseconds milliseconds
            # HELP http_server_duration_milliseconds Request duration
            http_server_duration_milliseconds_bucket{http_route="/a",le="5.0"} 1
            http_server_duration_milliseconds_bucket{http_route="/a",le="10.0"} 3
            http_server_duration_milliseconds_bucket{http_route="/a",le="25.0"} 6
            http_server_duration_milliseconds_bucket{http_route="/a",le="+Inf"} 10
            http_server_duration_milliseconds_sum{http_route="/a"} 123.5
            http_server_duration_milliseconds_count{http_route="/a"} 10
            http_server_duration_milliseconds_created{http_route="/a"} 1700000000
            # EOF

            """,
            h.OpenMetrics());
    }

    [Fact]
    public void Histogram_without_bounds_has_only_the_inf_bucket()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Histogram("h", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(10), [], [4], 8)));

        Assert.Equal("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 4\nh_sum 8\nh_count 4\n", h.Text());
    }

    [Fact]
    public void Histogram_exemplars_are_kept_per_bucket_in_OpenMetrics_only()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        var point = HistogramPoint(At(0), At(10), [1, 10], [1, 1, 0], 6);
        point.Exemplars.Add(Exemplar(0.5, At(3)));
        point.Exemplars.Add(Exemplar(5, At(4)));
        h.Ingest(Histogram("h", AggregationTemporality.Cumulative, point));

        var om = h.OpenMetrics();
        Assert.Matches("""(?m)^h_bucket\{le="1\.0"\} 1 # \{trace_id="5b8efff798038103d269b633813fc60c",span_id="eee19b7ec3c1b174"\} 0\.5 1700000003$""", om);
        Assert.Matches("""(?m)^h_bucket\{le="10\.0"\} 2 # \{trace_id="5b8efff798038103d269b633813fc60c",span_id="eee19b7ec3c1b174"\} 5\.0 1700000004$""", om);
        Assert.DoesNotContain("trace_id", h.Text(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The reference (client_golang's NewMetricWithExemplars) puts an exemplar above the last bound on an explicit
    /// +Inf bucket; it must not be lost.
    /// </summary>
    [Fact]
    public void Histogram_exemplar_above_the_last_bound_goes_on_the_inf_bucket()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        var point = HistogramPoint(At(0), At(10), [1, 10], [0, 0, 1], 50);
        point.Exemplars.Add(Exemplar(50, At(3)));
        h.Ingest(Histogram("h", AggregationTemporality.Cumulative, point));

        Assert.Matches("""(?m)^h_bucket\{le="\+Inf"\} 1 # \{trace_id="5b8efff798038103d269b633813fc60c",span_id="eee19b7ec3c1b174"\} 50\.0 1700000003$""", h.OpenMetrics());
    }

    [Fact]
    public void Delta_histogram_adds_aligned_points()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Histogram("h", AggregationTemporality.Delta, HistogramPoint(At(0), At(10), [1, 2], [1, 1, 1], 5)));
        h.Ingest(Histogram("h", AggregationTemporality.Delta, HistogramPoint(At(10), At(20), [1, 2], [0, 2, 3], 10)));

        Assert.Equal(
            """
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="2"} 4
            h_bucket{le="+Inf"} 8
            h_sum 15
            h_count 8

            """,
            h.Text());
        Assert.Equal(0, h.Dropped);
    }

    [Fact]
    public void Delta_histogram_with_changed_bounds_takes_the_newer_point()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        h.Ingest(Histogram("h", AggregationTemporality.Delta, HistogramPoint(At(0), At(10), [1, 2], [1, 1, 1], 5)));
        h.Ingest(Histogram("h", AggregationTemporality.Delta, HistogramPoint(At(10), At(20), [1, 5], [2, 0, 0], 1)));

        Assert.Equal(
            """
            # TYPE h histogram
            h_bucket{le="1"} 2
            h_bucket{le="5"} 2
            h_bucket{le="+Inf"} 2
            h_sum 1
            h_count 2

            """,
            h.Text());
        Assert.Equal(0, h.Dropped);
    }

    [Fact]
    public void Delta_histogram_starting_before_the_previous_time_is_dropped_as_misaligned()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Histogram("h", AggregationTemporality.Delta, HistogramPoint(At(0), At(10), [1], [1, 1], 3)));
        h.Ingest(Histogram("h", AggregationTemporality.Delta, HistogramPoint(At(5), At(15), [1], [7, 7], 30)));

        var expected = "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n";
        Assert.Equal(expected, h.Text());
        Assert.Equal(1, h.Dropped);

        // A point that starts after the previous one ended (a gap) restarts the series instead.
        h.Ingest(Histogram("h", AggregationTemporality.Delta, HistogramPoint(At(20), At(30), [1], [0, 4], 40)));
        Assert.Equal("# TYPE h histogram\nh_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 4\nh_sum 40\nh_count 4\n", h.Text());
        Assert.Equal(1, h.Dropped);
    }

    [Fact]
    public void Cumulative_histogram_replaces_and_ignores_older_points()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Histogram("h", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(10), [1], [1, 1], 3)));
        h.Ingest(Histogram("h", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(20), [1], [2, 3], 9)));
        h.Ingest(Histogram("h", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(15), [1], [9, 9], 99)));

        Assert.Equal("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 5\nh_sum 9\nh_count 5\n", h.Text());
    }

    [Fact]
    public void Summary_has_sorted_quantiles_sum_and_count()
    {
        var h = ExporterHarness.FromYaml(OpenMetricsYaml);
        h.Ingest(Summary(
            "rpc.duration",
            SummaryPoint(At(0), At(10), 100, 1234.5, (0.99, 120), (0.5, 30), (0.9, 80)).Attrs(Attr("method", "Get"))).With("s", "RPC latency"));

        Assert.Equal(
            """
            # HELP rpc_duration_seconds RPC latency
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{method="Get",quantile="0.5"} 30
            rpc_duration_seconds{method="Get",quantile="0.9"} 80
            rpc_duration_seconds{method="Get",quantile="0.99"} 120
            rpc_duration_seconds_sum{method="Get"} 1234.5
            rpc_duration_seconds_count{method="Get"} 100

            """,
            h.Text());

        Assert.Equal(
            """
            # TYPE rpc_duration_seconds summary
            # UNIT rpc_duration_seconds seconds
            # HELP rpc_duration_seconds RPC latency
            rpc_duration_seconds{method="Get",quantile="0.5"} 30.0
            rpc_duration_seconds{method="Get",quantile="0.9"} 80.0
            rpc_duration_seconds{method="Get",quantile="0.99"} 120.0
            rpc_duration_seconds_sum{method="Get"} 1234.5
            rpc_duration_seconds_count{method="Get"} 100
            rpc_duration_seconds_created{method="Get"} 1700000000
            # EOF

            """,
            h.OpenMetrics());
    }

    [Fact]
    public void Summary_without_quantiles_has_sum_and_count()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Summary("s", SummaryPoint(At(0), At(10), 3, 4.5)));

        Assert.Equal("# TYPE s summary\ns_sum 4.5\ns_count 3\n", h.Text());
    }

    /// <summary>
    /// <c>le</c> belongs to the bucket and <c>quantile</c> to the summary: an attribute of that name must not give a
    /// sample two labels of the same name (Prometheus rejects the whole scrape). The reference's client library
    /// refuses such a metric ("le is not allowed as label name in histograms").
    /// </summary>
    [Fact]
    public void Attribute_named_le_or_quantile_does_not_break_the_exposition()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(
            Histogram("h", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(10), [1], [1, 1], 3).Attrs(Attr("le", "x"))),
            Summary("s", SummaryPoint(At(0), At(10), 3, 4.5, (0.5, 1)).Attrs(Attr("quantile", "y"))),
            Gauge("g", Point(1, At(1))));

        h.Text();
    }
}
