using MiniCollector.Exposition;
using MiniCollector.Otlp.Metrics;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>How series leave the exposition: NoRecordedValue and metric_expiration.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public void No_recorded_value_deletes_the_series_and_an_emptied_family()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(
            Gauge("g", Point(1, At(1)).Attrs(Attr("k", "a")), Point(2, At(1)).Attrs(Attr("k", "b"))),
            Gauge("solo", Point(3, At(1))).With(description: "Only one"));
        Assert.Contains("g{k=\"a\"} 1\n", h.Text(), StringComparison.Ordinal);

        h.Ingest(Gauge("g", Point(0, At(2), flags: NoRecordedValue).Attrs(Attr("k", "a"))), Gauge("solo", Point(0, At(2), flags: NoRecordedValue)));

        Assert.Equal("# TYPE g gauge\ng{k=\"b\"} 2\n", h.Text());
        Assert.Equal(0, h.Dropped);
    }

    [Fact]
    public void No_recorded_value_deletes_every_kind_of_series()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(
            Counter("c", Point(1, At(1), At(0))),
            Sum("updown", AggregationTemporality.Cumulative, false, Point(1, At(1), At(0))),
            Histogram("h", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(1), [1], [1, 0], 1)),
            ExponentialHistogram("e", AggregationTemporality.Cumulative, ExponentialPoint(At(0), At(1), 0, 0, 0, [1], sum: 1)),
            Summary("s", SummaryPoint(At(0), At(1), 1, 1, (0.5, 1))),
            Gauge("kept", Point(1, At(1))));
        Assert.Equal(6, h.Text().Split('\n').Count(l => l.StartsWith("# TYPE", StringComparison.Ordinal)));

        var stale = ExponentialPoint(At(0), At(2), 0, 0, 0, []);
        stale.Flags = NoRecordedValue;
        var staleSummary = SummaryPoint(At(0), At(2), 0, 0);
        staleSummary.Flags = NoRecordedValue;
        h.Ingest(
            Counter("c", Point(0, At(2), At(0), NoRecordedValue)),
            Sum("updown", AggregationTemporality.Cumulative, false, Point(0, At(2), At(0), NoRecordedValue)),
            Histogram("h", AggregationTemporality.Cumulative, HistogramPoint(At(0), At(2), [], [], 0, flags: NoRecordedValue)),
            ExponentialHistogram("e", AggregationTemporality.Cumulative, stale),
            Summary("s", staleSummary));

        Assert.Equal("# TYPE kept gauge\nkept 1\n", h.Text());
        Assert.Equal(0, h.Dropped);
    }

    [Fact]
    public void Series_come_back_after_a_no_recorded_value()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Sum("d", AggregationTemporality.Delta, true, Point(5, At(10), At(0))));
        h.Ingest(Sum("d", AggregationTemporality.Delta, true, Point(0, At(20), At(10), NoRecordedValue)));
        Assert.Equal(string.Empty, h.Text());

        // The accumulated total was deleted with the series: the next aligned delta starts from zero.
        h.Ingest(Sum("d", AggregationTemporality.Delta, true, Point(2, At(30), At(20))));
        Assert.Equal("# TYPE d_total counter\nd_total 2\n", h.Text());
    }

    [Fact]
    public void Expired_series_and_families_disappear_and_refreshed_ones_stay()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(
            Gauge("g", Point(1, At(1)).Attrs(Attr("k", "stale")), Point(2, At(1)).Attrs(Attr("k", "fresh"))),
            Gauge("gone", Point(3, At(1))).With(description: "Goes away"));

        h.Time.Advance(TimeSpan.FromMinutes(3));
        h.Ingest(Gauge("g", Point(4, At(200)).Attrs(Attr("k", "fresh"))));

        // Exactly the expiration: still there.
        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(
            """
            # TYPE g gauge
            g{k="stale"} 1
            g{k="fresh"} 4
            # HELP gone Goes away
            # TYPE gone gauge
            gone 3

            """,
            h.Text());

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("# TYPE g gauge\ng{k=\"fresh\"} 4\n", h.Text());

        h.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(string.Empty, h.Text());
        Assert.Equal("# EOF\n", h.OpenMetrics());
    }

    [Fact]
    public void Metric_expiration_from_config_applies_to_target_info_too()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nmetric_expiration: 30s");
        h.Ingest(Request(Resource(Attr("service.name", "a"), Attr("host.name", "h")), null, Gauge("g", Point(1, At(1)))));
        Assert.Contains("target_info{host_name=\"h\",job=\"a\"} 1\n", h.Text(), StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(string.Empty, h.Text());

        // A new export brings both back.
        h.Ingest(Request(Resource(Attr("service.name", "a"), Attr("host.name", "h")), null, Gauge("g", Point(2, At(40)))));
        Assert.Equal(
            """
            # TYPE g gauge
            g{job="a"} 2
            # HELP target_info Target metadata
            # TYPE target_info gauge
            target_info{host_name="h",job="a"} 1

            """,
            h.Text());
    }

    [Fact]
    public void An_expired_delta_counter_starts_again_from_the_next_point()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nmetric_expiration: 1m");
        h.Ingest(Sum("d", AggregationTemporality.Delta, true, Point(5, At(10), At(0))));
        h.Ingest(Sum("d", AggregationTemporality.Delta, true, Point(5, At(20), At(10))));
        Assert.Contains("d_total 10\n", h.Text(), StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(string.Empty, h.Text());

        h.Ingest(Sum("d", AggregationTemporality.Delta, true, Point(1, At(30), At(20))));
        Assert.Equal("# TYPE d_total counter\nd_total 1\n", h.Text());
    }

    [Fact]
    public void A_protobuf_scrape_writes_the_labels_of_series_created_after_others_expired()
    {
        // Protobuf scrapes keep each label's encoding from one scrape to the next by the label's place in the store,
        // and a label no series holds any more gives its place to the next new one.
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nmetric_expiration: 1m");
        h.Ingest(Gauge("g", Point(1, At(1)).Attrs(Attr("k", "old"), Attr("keep", "x"))));
        Assert.Equal([[("k", "old"), ("keep", "x")]], ProtobufLabels(h));

        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(ProtobufLabels(h));

        h.Ingest(Gauge("g", Point(2, At(200)).Attrs(Attr("k", "new"), Attr("keep", "y")), Point(3, At(200)).Attrs(Attr("k", "newer"))));
        Assert.Equal([[("k", "new"), ("keep", "y")], [("k", "newer")]], ProtobufLabels(h));
    }

    // Every series' labels in a protobuf scrape, read with the generated Prometheus model.
    private static List<List<(string, string)>> ProtobufLabels(ExporterHarness h)
    {
        var (body, _) = h.Exporter.Render(ExpositionFormat.Protobuf);
        var input = new MemoryStream(body);
        var series = new List<List<(string, string)>>();
        while (input.Position < input.Length)
        {
            var family = MiniCollector.Otlp.PrometheusClient.MetricFamily.Parser.ParseDelimitedFrom(input);
            series.AddRange(family.Metric.Select(m => m.Label.Select(l => (l.Name, l.Value)).ToList()));
        }

        return series;
    }
}
