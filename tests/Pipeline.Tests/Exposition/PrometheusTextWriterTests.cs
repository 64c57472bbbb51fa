using System.Buffers;
using MiniCollector.Exposition;
using static MiniCollector.Pipeline.Tests.Exposition.Expo;

namespace MiniCollector.Pipeline.Tests.Exposition;

public class PrometheusTextWriterTests
{
    [Fact]
    public void Counter_is_written_with_its_full_name_labels_and_timestamps_and_without_created_or_exemplars()
    {
        var family = Family("http_requests_total", MetricType.Counter, "The total number of HTTP requests.",
            new MetricPoint(Labels(("method", "post"), ("code", "200")), 1027, CreatedSeconds: 1395066000, Exemplar: TraceExemplar(1, 1395066363)),
            new MetricPoint(Labels(("method", "post"), ("code", "400")), 3, TimestampMs: 1395066363000));

        Assert.Equal(
            Lines(
                "# HELP http_requests_total The total number of HTTP requests.",
                "# TYPE http_requests_total counter",
                "http_requests_total{method=\"post\",code=\"200\"} 1027",
                "http_requests_total{method=\"post\",code=\"400\"} 3 1395066363000"),
            Text(family));
    }

    [Fact]
    public void Gauge_without_labels_and_unknown_as_untyped()
    {
        Assert.Equal(
            Lines(
                "# HELP queue_items Items waiting.",
                "# TYPE queue_items gauge",
                "queue_items -3.5",
                "# HELP legacy_thing Unknown type.",
                "# TYPE legacy_thing untyped",
                "legacy_thing{a=\"b\"} 0.25"),
            Text(
                Family("queue_items", MetricType.Gauge, "Items waiting.", Point(-3.5)),
                Family("legacy_thing", MetricType.Unknown, "Unknown type.", Point(0.25, ("a", "b")))));
    }

    [Fact]
    public void Histogram_has_every_bucket_then_inf_sum_and_count()
    {
        var family = Family("http_request_duration_seconds", MetricType.Histogram, "A histogram of the request duration.",
            new MetricPoint(
                Expo.NoLabels,
                Histogram: Histogram(144320, 53423, (0.05, 24054), (0.1, 33444), (0.2, 100392), (0.5, 129389), (1, 133988))));

        Assert.Equal(
            Lines(
                "# HELP http_request_duration_seconds A histogram of the request duration.",
                "# TYPE http_request_duration_seconds histogram",
                "http_request_duration_seconds_bucket{le=\"0.05\"} 24054",
                "http_request_duration_seconds_bucket{le=\"0.1\"} 33444",
                "http_request_duration_seconds_bucket{le=\"0.2\"} 100392",
                "http_request_duration_seconds_bucket{le=\"0.5\"} 129389",
                "http_request_duration_seconds_bucket{le=\"1\"} 133988",
                "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320",
                "http_request_duration_seconds_sum 53423",
                "http_request_duration_seconds_count 144320"),
            Text(family));
    }

    [Fact]
    public void Histogram_with_labels_timestamp_exemplars_and_created_writes_labels_before_le_and_drops_the_rest()
    {
        var family = Family("rpc_seconds", MetricType.Histogram, "",
            new MetricPoint(
                Labels(("svc", "a")),
                TimestampMs: 1700000000000,
                CreatedSeconds: 1600000000,
                Histogram: new HistogramValue(3, 1.5, [new HistogramBucket(0.5, 1, TraceExemplar(0.2)), new HistogramBucket(2.5e6, 2)])));

        Assert.Equal(
            Lines(
                "# TYPE rpc_seconds histogram",
                "rpc_seconds_bucket{svc=\"a\",le=\"0.5\"} 1 1700000000000",
                "rpc_seconds_bucket{svc=\"a\",le=\"2.5e+06\"} 2 1700000000000",
                "rpc_seconds_bucket{svc=\"a\",le=\"+Inf\"} 3 1700000000000",
                "rpc_seconds_sum{svc=\"a\"} 1.5 1700000000000",
                "rpc_seconds_count{svc=\"a\"} 3 1700000000000"),
            Text(family));
    }

    [Fact]
    public void Histogram_listing_an_inf_bucket_does_not_repeat_it()
    {
        var family = Family("h", MetricType.Histogram, "h", new MetricPoint(NoLabels, Histogram: Histogram(4, 2, (1, 1), (double.PositiveInfinity, 4))));

        Assert.Equal(
            Lines("# HELP h h", "# TYPE h histogram", "h_bucket{le=\"1\"} 1", "h_bucket{le=\"+Inf\"} 4", "h_sum 2", "h_count 4"),
            Text(family));
    }

    [Fact]
    public void Summary_has_quantiles_sum_and_count()
    {
        var family = Family("rpc_duration_seconds", MetricType.Summary, "A summary of the RPC duration in seconds.",
            new MetricPoint(
                Expo.NoLabels,
                Summary: Summary(2693, 1.7560473e+07, (0.01, 3102), (0.05, 3272), (0.5, 4773), (0.9, 9001), (0.99, 76656))));

        Assert.Equal(
            Lines(
                "# HELP rpc_duration_seconds A summary of the RPC duration in seconds.",
                "# TYPE rpc_duration_seconds summary",
                "rpc_duration_seconds{quantile=\"0.01\"} 3102",
                "rpc_duration_seconds{quantile=\"0.05\"} 3272",
                "rpc_duration_seconds{quantile=\"0.5\"} 4773",
                "rpc_duration_seconds{quantile=\"0.9\"} 9001",
                "rpc_duration_seconds{quantile=\"0.99\"} 76656",
                "rpc_duration_seconds_sum 1.7560473e+07",
                "rpc_duration_seconds_count 2693"),
            Text(family));
    }

    [Fact]
    public void Summary_with_labels_puts_quantile_last()
    {
        var family = Family("s", MetricType.Summary, "s",
            new MetricPoint(Labels(("a", "1")), TimestampMs: 5, Summary: Summary(1, 0.5, (0.5, double.NaN))));

        Assert.Equal(
            Lines("# HELP s s", "# TYPE s summary", "s{a=\"1\",quantile=\"0.5\"} NaN 5", "s_sum{a=\"1\"} 0.5 5", "s_count{a=\"1\"} 1 5"),
            Text(family));
    }

    [Fact]
    public void Help_escapes_only_backslash_and_newline_and_label_values_escape_quotes_too()
    {
        var family = Family("esc", MetricType.Gauge, "Line \"one\" \\ C:\\dir\nline two",
            Point(1, ("path", "C:\\dir\\\"file\"\nnext"), ("text", "héllo ✓ 😀 \t")));

        Assert.Equal(
            "# HELP esc Line \"one\" \\\\ C:\\\\dir\\nline two\n"
            + "# TYPE esc gauge\n"
            + "esc{path=\"C:\\\\dir\\\\\\\"file\\\"\\nnext\",text=\"héllo ✓ 😀 \t\"} 1\n",
            Text(family));
    }

    [Fact]
    public void Lone_surrogates_are_written_as_replacement_characters()
    {
        Assert.Equal(
            Lines("# HELP s s", "# TYPE s gauge", "s{k=\"a\uFFFDb\"} 1"),
            Text(Family("s", MetricType.Gauge, "s", Point(1, ("k", "a\uD800b")))));
    }

    [Fact]
    public void Special_values_are_written_as_Prometheus_parses_them()
    {
        var family = Family("v", MetricType.Gauge, "v",
            Point(double.NaN, ("c", "nan")),
            Point(double.PositiveInfinity, ("c", "pinf")),
            Point(double.NegativeInfinity, ("c", "ninf")),
            Point(1.5e21, ("c", "big")),
            Point(1e-5, ("c", "small")),
            Point(0.1, ("c", "tenth")),
            Point(123456789, ("c", "int")),
            Point(-42, ("c", "neg")));

        Assert.Equal(
            Lines(
                "# HELP v v",
                "# TYPE v gauge",
                "v{c=\"nan\"} NaN",
                "v{c=\"pinf\"} +Inf",
                "v{c=\"ninf\"} -Inf",
                "v{c=\"big\"} 1.5e+21",
                "v{c=\"small\"} 1e-05",
                "v{c=\"tenth\"} 0.1",
                "v{c=\"int\"} 1.23456789e+08",
                "v{c=\"neg\"} -42"),
            Text(family));
    }

    [Fact]
    public void Negative_timestamps_are_written_as_is()
    {
        Assert.Equal(
            Lines("# HELP t t", "# TYPE t gauge", "t 1 -1500"),
            Text(Family("t", MetricType.Gauge, "t", new MetricPoint(NoLabels, 1, TimestampMs: -1500))));
    }

    [Fact]
    public void Families_without_usable_points_are_skipped_entirely()
    {
        Assert.Equal(
            Lines("# HELP kept kept", "# TYPE kept counter", "kept 1"),
            Text(
                Family("empty_gauge", MetricType.Gauge, "nothing"),
                Family("hist_without_values", MetricType.Histogram, "no histogram values", Point(1)),
                Family("summary_without_values", MetricType.Summary, "no summary values", Point(1)),
                Family("kept", MetricType.Counter, "kept", Point(1))));
        Assert.Equal("", Text());
    }

    [Fact]
    public void Points_of_the_wrong_shape_are_skipped_but_the_family_stays()
    {
        Assert.Equal(
            Lines("# HELP h h", "# TYPE h histogram", "h_bucket{le=\"+Inf\"} 2", "h_sum 1", "h_count 2"),
            Text(Family("h", MetricType.Histogram, "h", Point(1), new MetricPoint(NoLabels, Histogram: Histogram(2, 1)))));
    }

    [Fact]
    public void Write_family_by_family_matches_writing_the_list()
    {
        var families = RichFamilies();
        var one = Render(o =>
        {
            foreach (var family in families)
            {
                PrometheusTextWriter.WriteFamily(o, family);
            }
        });

        Assert.Equal(Text(families), one);
    }

    [Fact]
    public void Long_names_and_values_cross_buffer_chunks_intact()
    {
        var name = "n_" + new string('a', 600);
        var value = string.Concat(Enumerable.Repeat("é😀\"\\\n", 3000));
        var text = Text(Family(name, MetricType.Gauge, "h", Point(7, ("k", value))));

        var escaped = value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
        Assert.Equal(Lines("# HELP " + name + " h", "# TYPE " + name + " gauge", name + "{k=\"" + escaped + "\"} 7"), text);
    }

    [Fact]
    public void Writes_into_a_writer_that_hands_out_small_spans()
    {
        var families = RichFamilies();
        var tiny = new TinySpanWriter();
        PrometheusTextWriter.Write(tiny, families);

        Assert.Equal(Text(families), System.Text.Encoding.UTF8.GetString(tiny.Written.ToArray()));
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> that gives exactly the size asked for, to catch any write past a span.</summary>
    private sealed class TinySpanWriter : IBufferWriter<byte>
    {
        private readonly List<byte> _written = [];
        private byte[] _current = [];

        public IReadOnlyList<byte> Written => _written;

        public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];

        public Span<byte> GetSpan(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];
    }
}
