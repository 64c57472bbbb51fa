using MiniCollector.Exposition;
using static MiniCollector.Pipeline.Tests.Exposition.Expo;

namespace MiniCollector.Pipeline.Tests.Exposition;

public class OpenMetricsWriterTests
{
    [Fact]
    public void Counter_family_drops_total_and_samples_carry_total_created_and_exemplar()
    {
        var family = Family("http_requests_total", MetricType.Counter, "Total HTTP requests.",
            new MetricPoint(Labels(("method", "GET")), 1027, CreatedSeconds: 1520430000.123, Exemplar: TraceExemplar(1, 1520879607.789)),
            new MetricPoint(Labels(("method", "POST")), 3));

        Assert.Equal(
            Lines(
                "# TYPE http_requests counter",
                "# HELP http_requests Total HTTP requests.",
                $"http_requests_total{{method=\"GET\"}} 1027.0 # {{trace_id=\"{TraceId}\",span_id=\"{SpanId}\"}} 1.0 1520879607.789",
                "http_requests_created{method=\"GET\"} 1520430000.123",
                "http_requests_total{method=\"POST\"} 3.0",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Each_created_and_exemplar_time_is_its_own_when_times_repeat_and_change()
    {
        // The writer keeps the last time it wrote as text: repeats, changes, a time that was an exemplar's before,
        // signed zeros and non-finite times must each still be written as their own.
        var family = Family("t_total", MetricType.Counter, "",
            new MetricPoint(Labels(("s", "1")), 1, CreatedSeconds: 1520430000.123),
            new MetricPoint(Labels(("s", "2")), 1, CreatedSeconds: 1520430000.123, Exemplar: TraceExemplar(1, 1520430000.5)),
            new MetricPoint(Labels(("s", "3")), 1, CreatedSeconds: 1520430000.5),
            new MetricPoint(Labels(("s", "4")), 1, CreatedSeconds: 0.0, Exemplar: TraceExemplar(1, -0.0)),
            new MetricPoint(Labels(("s", "5")), 1, CreatedSeconds: -0.0),
            new MetricPoint(Labels(("s", "6")), 1, CreatedSeconds: double.NaN),
            new MetricPoint(Labels(("s", "7")), 1, CreatedSeconds: 1520430000.1234567));

        Assert.Equal(
            Lines(
                "# TYPE t counter",
                "t_total{s=\"1\"} 1.0",
                "t_created{s=\"1\"} 1520430000.123",
                $"t_total{{s=\"2\"}} 1.0 # {{trace_id=\"{TraceId}\",span_id=\"{SpanId}\"}} 1.0 1520430000.5",
                "t_created{s=\"2\"} 1520430000.123",
                "t_total{s=\"3\"} 1.0",
                "t_created{s=\"3\"} 1520430000.5",
                $"t_total{{s=\"4\"}} 1.0 # {{trace_id=\"{TraceId}\",span_id=\"{SpanId}\"}} 1.0 -0",
                "t_created{s=\"4\"} 0",
                "t_total{s=\"5\"} 1.0",
                "t_created{s=\"5\"} -0",
                "t_total{s=\"6\"} 1.0",
                "t_created{s=\"6\"} NaN",
                "t_total{s=\"7\"} 1.0",
                "t_created{s=\"7\"} 1520430000.1234567",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Counter_timestamps_are_seconds_on_total_and_created()
    {
        // The spec's own example: foo_total 17.0 1520879607.789 / foo_created 1520430000.123 1520879607.789
        var family = Family("foo_total", MetricType.Counter, "",
            new MetricPoint(NoLabels, 17, TimestampMs: 1520879607789, CreatedSeconds: 1520430000.123));

        Assert.Equal(
            Lines("# TYPE foo counter", "foo_total 17.0 1520879607.789", "foo_created 1520430000.123 1520879607.789", "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Counter_named_without_total_still_gets_a_total_sample()
    {
        Assert.Equal(
            Lines("# TYPE events counter", "# HELP events e", "events_total 2.5", "# EOF"),
            OpenMetrics(Family("events", MetricType.Counter, "e", Point(2.5))));
    }

    [Fact]
    public void Unit_line_is_written_only_when_the_family_name_ends_with_the_unit()
    {
        Assert.Equal(
            Lines(
                "# TYPE process_cpu_seconds counter",
                "# UNIT process_cpu_seconds seconds",
                "# HELP process_cpu_seconds Total user and system CPU time spent in seconds.",
                "process_cpu_seconds_total 4.20072246e+06",
                "# TYPE memory_usage gauge",
                "# HELP memory_usage Not suffixed with its unit.",
                "memory_usage 12.0",
                "# TYPE cache_bytes gauge",
                "cache_bytes 7.0",
                "# EOF"),
            OpenMetrics(
                Family("process_cpu_seconds_total", MetricType.Counter, "Total user and system CPU time spent in seconds.", "seconds", Point(4.20072246e+06)),
                Family("memory_usage", MetricType.Gauge, "Not suffixed with its unit.", "bytes", Point(12)),
                Family("cache_bytes", MetricType.Gauge, "", "megabytes", Point(7))));
    }

    [Fact]
    public void Gauge_and_unknown_samples_have_no_suffix()
    {
        Assert.Equal(
            Lines(
                "# TYPE foo gauge",
                "foo{a=\"b\"} 17.0 1520879607.789",
                "# TYPE bar unknown",
                "# HELP bar Some unknown thing.",
                "bar -0.5",
                "# EOF"),
            OpenMetrics(
                Family("foo", MetricType.Gauge, "", new MetricPoint(Labels(("a", "b")), 17, TimestampMs: 1520879607789, Exemplar: TraceExemplar(1))),
                Family("bar", MetricType.Unknown, "Some unknown thing.", Point(-0.5))));
    }

    [Fact]
    public void Histogram_has_canonical_le_buckets_with_exemplars_inf_sum_count_and_created()
    {
        var family = Family("foo_seconds", MetricType.Histogram, "Request latency.", "seconds",
            new MetricPoint(
                Labels(("path", "/")),
                CreatedSeconds: 1520430000.5,
                Histogram: new HistogramValue(9, 3.5,
                [
                    new HistogramBucket(0.01, 2),
                    new HistogramBucket(0.1, 5, new Exemplar(Labels(("trace_id", "abc")), 0.054, 1520879607.7)),
                    new HistogramBucket(1, 8),
                    new HistogramBucket(1e6, 8, new Exemplar([], 0.5, null)),
                ])));

        Assert.Equal(
            Lines(
                "# TYPE foo_seconds histogram",
                "# UNIT foo_seconds seconds",
                "# HELP foo_seconds Request latency.",
                "foo_seconds_bucket{path=\"/\",le=\"0.01\"} 2",
                "foo_seconds_bucket{path=\"/\",le=\"0.1\"} 5 # {trace_id=\"abc\"} 0.054 1520879607.7",
                "foo_seconds_bucket{path=\"/\",le=\"1.0\"} 8",
                "foo_seconds_bucket{path=\"/\",le=\"1e+06\"} 8 # {} 0.5",
                "foo_seconds_bucket{path=\"/\",le=\"+Inf\"} 9",
                "foo_seconds_sum{path=\"/\"} 3.5",
                "foo_seconds_count{path=\"/\"} 9",
                "foo_seconds_created{path=\"/\"} 1520430000.5",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Histogram_timestamps_apply_to_every_sample_and_exemplar_follows_the_timestamp()
    {
        var family = Family("h", MetricType.Histogram, "",
            new MetricPoint(NoLabels, TimestampMs: 1000, CreatedSeconds: 10,
                Histogram: new HistogramValue(1, 0.5, [new HistogramBucket(0.5, 1, new Exemplar(Labels(("span_id", "s")), 0.5, 0.9))])));

        Assert.Equal(
            Lines(
                "# TYPE h histogram",
                "h_bucket{le=\"0.5\"} 1 1 # {span_id=\"s\"} 0.5 0.9",
                "h_bucket{le=\"+Inf\"} 1 1",
                "h_sum 0.5 1",
                "h_count 1 1",
                "h_created 10 1",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Histogram_with_negative_bounds_has_no_sum()
    {
        var family = Family("temperature_celsius", MetricType.Histogram, "t", "celsius",
            new MetricPoint(NoLabels, Histogram: Histogram(3, -12, (-10, 1), (0, 2))));

        Assert.Equal(
            Lines(
                "# TYPE temperature_celsius histogram",
                "# UNIT temperature_celsius celsius",
                "# HELP temperature_celsius t",
                "temperature_celsius_bucket{le=\"-10.0\"} 1",
                "temperature_celsius_bucket{le=\"0.0\"} 2",
                "temperature_celsius_bucket{le=\"+Inf\"} 3",
                "temperature_celsius_count 3",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Summary_has_canonical_quantiles_sum_count_and_created()
    {
        var family = Family("acme_http_router_request_seconds", MetricType.Summary, "Latency though all of ACME's HTTP request router.", "seconds",
            new MetricPoint(Labels(("path", "/api/v1"), ("method", "GET")), CreatedSeconds: 1605281325,
                Summary: Summary(807283, 9036.32, (0.5, 0.012), (0.99, 1))),
            new MetricPoint(Labels(("path", "/api/v2"), ("method", "POST")), Summary: Summary(34, 479.3)));

        Assert.Equal(
            Lines(
                "# TYPE acme_http_router_request_seconds summary",
                "# UNIT acme_http_router_request_seconds seconds",
                "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.",
                "acme_http_router_request_seconds{path=\"/api/v1\",method=\"GET\",quantile=\"0.5\"} 0.012",
                "acme_http_router_request_seconds{path=\"/api/v1\",method=\"GET\",quantile=\"0.99\"} 1.0",
                "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32",
                "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283",
                "acme_http_router_request_seconds_created{path=\"/api/v1\",method=\"GET\"} 1605281325",
                "acme_http_router_request_seconds_sum{path=\"/api/v2\",method=\"POST\"} 479.3",
                "acme_http_router_request_seconds_count{path=\"/api/v2\",method=\"POST\"} 34",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Help_escapes_backslash_quote_and_newline()
    {
        // The spec's example: # HELP foo_seconds Some text and \n some \" escaping
        var family = Family("foo_seconds", MetricType.Counter, "Some text and \n some \" escaping \\ done", "seconds", Point(1));

        Assert.Equal(
            Lines(
                "# TYPE foo_seconds counter",
                "# UNIT foo_seconds seconds",
                "# HELP foo_seconds Some text and \\n some \\\" escaping \\\\ done",
                "foo_seconds_total 1.0",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Label_values_are_escaped_like_text_and_special_values_are_spelled_out()
    {
        var family = Family("v", MetricType.Gauge, "",
            Point(double.NaN, ("a", "x\"y\\z\nw")),
            Point(double.PositiveInfinity, ("a", "ü")),
            Point(double.NegativeInfinity, ("a", "")));

        Assert.Equal(
            Lines(
                "# TYPE v gauge",
                "v{a=\"x\\\"y\\\\z\\nw\"} NaN",
                "v{a=\"ü\"} +Inf",
                "v{a=\"\"} -Inf",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Exemplar_labels_are_limited_to_128_code_points_dropping_filtered_labels_first()
    {
        // trace_id (8 + 32) and span_id (7 + 16) use 63 of the 128 code points, leaving 65.
        var user = new string('x', 65 - "user".Length); // exactly the 65 left
        var family = Family("c_total", MetricType.Counter, "",
            new MetricPoint(Labels(("k", "1")), 1, Exemplar: new Exemplar(
                Labels(("user", user), ("trace_id", TraceId), ("z", "1"), ("span_id", SpanId)), 2, null)),
            new MetricPoint(Labels(("k", "2")), 1, Exemplar: new Exemplar(
                Labels(("trace_id", TraceId), ("span_id", SpanId), ("big", new string('y', 70)), ("z", "1")), 2, null)),
            new MetricPoint(Labels(("k", "3")), 1, Exemplar: new Exemplar(
                Labels(("trace_id", TraceId), ("span_id", SpanId), ("emoji", string.Concat(Enumerable.Repeat("😀", 60)))), 2, null)));

        Assert.Equal(
            Lines(
                "# TYPE c counter",
                $"c_total{{k=\"1\"}} 1.0 # {{user=\"{user}\",trace_id=\"{TraceId}\",span_id=\"{SpanId}\"}} 2.0",
                $"c_total{{k=\"2\"}} 1.0 # {{trace_id=\"{TraceId}\",span_id=\"{SpanId}\",z=\"1\"}} 2.0",
                $"c_total{{k=\"3\"}} 1.0 # {{trace_id=\"{TraceId}\",span_id=\"{SpanId}\",emoji=\"{string.Concat(Enumerable.Repeat("😀", 60))}\"}} 2.0",
                "# EOF"),
            OpenMetrics(family));
    }

    [Fact]
    public void Exemplar_is_skipped_when_trace_and_span_ids_alone_exceed_128_code_points()
    {
        var family = Family("c_total", MetricType.Counter, "",
            new MetricPoint(NoLabels, 5, Exemplar: new Exemplar(Labels(("trace_id", new string('a', 100)), ("span_id", new string('b', 14))), 1, 3)));

        Assert.Equal(Lines("# TYPE c counter", "c_total 5.0", "# EOF"), OpenMetrics(family));
    }

    [Fact]
    public void Exemplar_of_exactly_128_code_points_is_kept()
    {
        var traceId = new string('a', 128 - "trace_id".Length);
        var family = Family("c_total", MetricType.Counter, "",
            new MetricPoint(NoLabels, 5, Exemplar: new Exemplar(Labels(("trace_id", traceId)), 1, null)));

        Assert.Equal(Lines("# TYPE c counter", $"c_total 5.0 # {{trace_id=\"{traceId}\"}} 1.0", "# EOF"), OpenMetrics(family));
    }

    [Fact]
    public void Empty_exposition_is_just_eof_and_empty_families_are_skipped()
    {
        Assert.Equal("# EOF\n", OpenMetrics());
        Assert.Equal("# EOF\n", OpenMetrics(Family("nothing", MetricType.Counter, "n"), Family("h", MetricType.Histogram, "h", Point(1))));
    }

    [Fact]
    public void Family_by_family_then_eof_matches_writing_the_list()
    {
        var families = RichFamilies();
        var pieces = Render(o =>
        {
            foreach (var family in families)
            {
                OpenMetricsWriter.WriteFamily(o, family);
            }

            OpenMetricsWriter.WriteEof(o);
        });

        Assert.Equal(OpenMetrics(families), pieces);
    }

    [Fact]
    public void Family_name_helper_drops_only_a_counter_total()
    {
        Assert.Equal("a", OpenMetricsWriter.FamilyName(Family("a_total", MetricType.Counter, "")));
        Assert.Equal("a_total", OpenMetricsWriter.FamilyName(Family("a_total", MetricType.Gauge, "")));
        Assert.Equal("_total", OpenMetricsWriter.FamilyName(Family("_total", MetricType.Counter, "")));
    }
}
