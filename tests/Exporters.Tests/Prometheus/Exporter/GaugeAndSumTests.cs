using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>Gauges and sums: which become gauges, which counters, how deltas accumulate and what is dropped.</summary>
public sealed class GaugeAndSumTests
{
    [Fact]
    public void Gauge_becomes_a_gauge_with_unit_suffix_and_help()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Gauge("room.temperature", Point(21.5, At(1))).With("Cel", "Room temperature"));

        Assert.Equal(
            """
            # HELP room_temperature_celsius Room temperature
            # TYPE room_temperature_celsius gauge
            room_temperature_celsius 21.5

            """,
            h.Text());
    }

    [Fact]
    public void Gauge_of_unit_1_gets_ratio_and_integer_values_are_plain()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Gauge("cpu.utilization", Point(0.25, At(1))).With("1"), Gauge("threads", IntPoint(12, At(1))));

        Assert.Equal(
            """
            # TYPE cpu_utilization_ratio gauge
            cpu_utilization_ratio 0.25
            # TYPE threads gauge
            threads 12

            """,
            h.Text());
    }

    [Fact]
    public void Gauge_keeps_the_point_with_the_latest_timestamp()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Gauge("g", Point(5, At(20))));
        h.Ingest(Gauge("g", Point(3, At(10))));
        Assert.Contains("\ng 5\n", h.Text(), StringComparison.Ordinal);

        h.Ingest(Gauge("g", Point(7, At(30))));
        Assert.Contains("\ng 7\n", h.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gauge_with_prometheus_type_unknown_is_untyped()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        var metric = Gauge("legacy.value", Point(1, At(1)));
        metric.Metadata.Add(Attr("prometheus.type", "unknown"));
        h.Ingest(metric);

        Assert.Equal("# TYPE legacy_value untyped\nlegacy_value 1\n", h.Text());
        Assert.Equal("# TYPE legacy_value unknown\nlegacy_value 1.0\n# EOF\n", h.OpenMetrics());
    }

    [Fact]
    public void Cumulative_monotonic_sum_is_a_counter_with_total()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Counter("orders.placed", IntPoint(40, At(10), At(0)).Attrs(Attr("region", "eu"))).With("{order}", "Orders placed"));

        Assert.Equal(
            """
            # HELP orders_placed_total Orders placed
            # TYPE orders_placed_total counter
            orders_placed_total{region="eu"} 40

            """,
            h.Text());
    }

    [Fact]
    public void OpenMetrics_counter_has_created_and_an_exemplar_with_trace_and_span_ids()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        var point = IntPoint(40, At(10), At(0)).Attrs(Attr("region", "eu"));
        point.Exemplars.Add(Exemplar(7, At(5), Attr("user.id", "42")));
        h.Ingest(Counter("orders.placed", point).With("{order}", "Orders placed"));

        Assert.Equal(
            """
            # TYPE orders_placed counter
            # HELP orders_placed Orders placed
            orders_placed_total{region="eu"} 40.0 # {trace_id="5b8efff798038103d269b633813fc60c",span_id="eee19b7ec3c1b174",user_id="42"} 7.0 1700000005
            orders_placed_created{region="eu"} 1700000000
            # EOF

            """,
            h.OpenMetrics());

        // Text 0.0.4 has no place for exemplars or _created.
        var text = h.Text();
        Assert.DoesNotContain("trace_id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("_created", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Counter_keeps_the_latest_exemplar()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        var first = IntPoint(1, At(1), At(0));
        first.Exemplars.Add(Exemplar(1, At(1)));
        h.Ingest(Counter("c", first));
        var second = IntPoint(2, At(2), At(0));
        second.Exemplars.Add(Exemplar(0.5, At(2)));
        h.Ingest(Counter("c", second));

        Assert.Matches(@"(?m)^c_total 2\.0 # \{trace_id=""[0-9a-f]{32}"",span_id=""[0-9a-f]{16}""\} 0\.5 1700000002$", h.OpenMetrics());
    }

    [Fact]
    public void Cumulative_counter_ignores_an_older_point()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Counter("c", Point(10, At(20), At(0))));
        h.Ingest(Counter("c", Point(4, At(10), At(0))));

        Assert.Contains("\nc_total 10\n", h.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cumulative_counter_reset_takes_the_new_value_and_start()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        h.Ingest(Counter("c", Point(100, At(10), At(0))));
        h.Ingest(Counter("c", Point(5, At(60), At(50))));

        Assert.Equal("# TYPE c counter\nc_total 5.0\nc_created 1700000050\n# EOF\n", h.OpenMetrics());
    }

    [Fact]
    public void Non_monotonic_cumulative_sum_is_a_gauge_without_total_or_ratio()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Sum("queue.depth", AggregationTemporality.Cumulative, false, IntPoint(-3, At(1), At(0))).With("1", "Items queued"));

        Assert.Equal(
            """
            # HELP queue_depth Items queued
            # TYPE queue_depth gauge
            queue_depth -3

            """,
            h.Text());
    }

    [Fact]
    public void Delta_monotonic_sum_adds_aligned_points_and_restarts_on_a_gap()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        Metric Delta(double value, int start, int end) => Sum("requests", AggregationTemporality.Delta, true, Point(value, At(end), At(start)));

        h.Ingest(Delta(5, 0, 10));
        h.Ingest(Delta(3, 10, 20));
        Assert.Equal("# TYPE requests_total counter\nrequests_total 8\n", h.Text());
        Assert.Equal("# TYPE requests counter\nrequests_total 8.0\nrequests_created 1700000000\n# EOF\n", h.OpenMetrics());

        // A point that does not start where the accumulated interval ends is a reset: its value replaces the total.
        h.Ingest(Delta(4, 25, 30));
        Assert.Equal("# TYPE requests_total counter\nrequests_total 4\n", h.Text());
        Assert.Equal("# TYPE requests counter\nrequests_total 4.0\nrequests_created 1700000025\n# EOF\n", h.OpenMetrics());

        h.Ingest(Delta(1, 30, 40));
        Assert.Equal("# TYPE requests_total counter\nrequests_total 5\n", h.Text());
        Assert.Equal(0, h.Dropped);
    }

    [Fact]
    public void Delta_monotonic_points_of_one_request_accumulate_per_series()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Sum(
            "requests",
            AggregationTemporality.Delta,
            true,
            Point(1, At(10), At(0)).Attrs(Attr("code", "200")),
            Point(2, At(10), At(0)).Attrs(Attr("code", "500")),
            Point(10, At(20), At(10)).Attrs(Attr("code", "200"))));

        Assert.Equal(
            """
            # TYPE requests_total counter
            requests_total{code="200"} 11
            requests_total{code="500"} 2

            """,
            h.Text());
    }

    [Fact]
    public void Delta_non_monotonic_sum_is_dropped_and_counted()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(
            Sum("inflight", AggregationTemporality.Delta, false, Point(1, At(10), At(0)), Point(2, At(10), At(0)).Attrs(Attr("a", "b"))),
            Gauge("kept", Point(1, At(1))));

        Assert.Equal("# TYPE kept gauge\nkept 1\n", h.Text());
        Assert.Equal(2, h.Dropped);
    }

    [Fact]
    public void Unspecified_temporality_is_dropped_and_counted_for_every_kind()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(
            Sum("s1", AggregationTemporality.Unspecified, true, Point(1, At(10), At(0))),
            Sum("s2", AggregationTemporality.Unspecified, false, Point(1, At(10), At(0)), Point(1, At(10), At(0)).Attrs(Attr("x", "y"))),
            Histogram("h", AggregationTemporality.Unspecified, HistogramPoint(At(0), At(10), [1], [1, 1], 3)),
            ExponentialHistogram("e", AggregationTemporality.Unspecified, ExponentialPoint(At(0), At(10), 0, 0, 0, [1], sum: 1.5)),
            Gauge("kept", Point(1, At(1))));

        Assert.Equal("# TYPE kept gauge\nkept 1\n", h.Text());
        Assert.Equal(5, h.Dropped);
    }

    [Fact]
    public void Int_and_double_values_and_special_floats()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(
            Gauge("big", Point(1e21, At(1))),
            Gauge("small", Point(1.5e-7, At(1))),
            Gauge("nan", Point(double.NaN, At(1))),
            Gauge("neg.inf", Point(double.NegativeInfinity, At(1))),
            Gauge("maxint", IntPoint(long.MaxValue, At(1))));

        Assert.Equal(
            """
            # TYPE big gauge
            big 1e+21
            # TYPE maxint gauge
            maxint 9.223372036854776e+18
            # TYPE nan gauge
            nan NaN
            # TYPE neg_inf gauge
            neg_inf -Inf
            # TYPE small gauge
            small 1.5e-07

            """,
            h.Text());
    }

    [Fact]
    public void Metric_without_data_and_metric_with_an_unusable_name_are_dropped()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(new Metric { Name = "empty" }, Gauge("@#$%", Point(1, At(1))), Gauge("ok", Point(1, At(1))));

        Assert.Equal("# TYPE ok gauge\nok 1\n", h.Text());
        Assert.Equal(2, h.Dropped);
    }

    [Fact]
    public void Int_value_in_an_exemplar_and_attributes_of_other_types()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        var point = IntPoint(3, At(10), At(0));
        var exemplar = new MiniCollector.Otlp.Metrics.Exemplar { AsInt = 9, TimeUnixNano = At(9), TraceId = TraceId };
        exemplar.FilteredAttributes.Add(new KeyValue { Key = "n", Value = Int(5) });
        point.Exemplars.Add(exemplar);
        h.Ingest(Counter("c", point));

        Assert.Contains("c_total 3.0 # {trace_id=\"5b8efff798038103d269b633813fc60c\",n=\"5\"} 9.0 1700000009\n", h.OpenMetrics(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gauge_exemplars_are_dropped_and_a_counter_without_start_time_has_no_created()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        var gauge = Point(1, At(1));
        gauge.Exemplars.Add(Exemplar(1, At(1)));
        h.Ingest(Gauge("g", gauge), Counter("c", Point(2, At(1))));

        Assert.Equal("# TYPE c counter\nc_total 2.0\n# TYPE g gauge\ng 1.0\n# EOF\n", h.OpenMetrics());
    }

    [Fact]
    public void Exemplar_labels_beyond_the_OpenMetrics_limit_are_left_out_but_the_ids_stay()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");
        var point = Point(2, At(1), At(0));

        // trace_id and span_id take 63 of the 128 code points; "a" + 60 chars fits (61), "b" + 10 then does not.
        point.Exemplars.Add(Exemplar(1, At(1), Attr("a", new string('x', 60)), Attr("b", new string('y', 10))));
        h.Ingest(Counter("c", point));

        Assert.Contains(
            $"c_total 2.0 # {{trace_id=\"5b8efff798038103d269b633813fc60c\",span_id=\"eee19b7ec3c1b174\",a=\"{new string('x', 60)}\"}} 1.0 1700000001\n",
            h.OpenMetrics(),
            StringComparison.Ordinal);
    }
}
