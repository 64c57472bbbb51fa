using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MiniCollector.Exposition;
using static MiniCollector.Pipeline.Tests.Exposition.Expo;
using Prom = MiniCollector.Otlp.PrometheusClient;

namespace MiniCollector.Pipeline.Tests.Exposition;

public class PrometheusProtobufWriterTests
{
    [Fact]
    public void Counter_round_trips_with_full_name_created_timestamp_and_exemplar()
    {
        var family = Family("http_requests_total", MetricType.Counter, "Requests.", "",
            new MetricPoint(Labels(("method", "GET"), ("code", "200")), 1027, TimestampMs: 1700000000123, CreatedSeconds: 1600000000.5,
                Exemplar: TraceExemplar(1, 1700000000.25, ("user", "ü"))));

        var parsed = Assert.Single(Parse(Protobuf(family)));

        Assert.Equal("http_requests_total", parsed.Name);
        Assert.Equal("Requests.", parsed.Help);
        Assert.Equal(Prom.MetricType.Counter, parsed.Type);
        Assert.True(parsed.HasType);
        Assert.False(parsed.HasUnit);
        var metric = Assert.Single(parsed.Metric);
        Assert.Equal([("method", "GET"), ("code", "200")], metric.Label.Select(l => (l.Name, l.Value)));
        Assert.Equal(1027, metric.Counter.Value);
        Assert.Equal(1700000000123, metric.TimestampMs);
        Assert.Equal(new Timestamp { Seconds = 1600000000, Nanos = 500_000_000 }, metric.Counter.CreatedTimestamp);
        Assert.Equal([("trace_id", TraceId), ("span_id", SpanId), ("user", "ü")], metric.Counter.Exemplar.Label.Select(l => (l.Name, l.Value)));
        Assert.Equal(1, metric.Counter.Exemplar.Value);
        Assert.Equal(new Timestamp { Seconds = 1700000000, Nanos = 250_000_000 }, metric.Counter.Exemplar.Timestamp);
        Assert.Null(metric.Gauge);
        Assert.Null(metric.Histogram);
    }

    [Fact]
    public void Gauge_unknown_and_summary_round_trip()
    {
        var bytes = Protobuf(
            Family("queue_items", MetricType.Gauge, "", "items", Point(double.NaN, ("q", "a")), Point(double.NegativeInfinity, ("q", "b"))),
            Family("legacy", MetricType.Unknown, "u", Point(42)),
            Family("rpc_seconds", MetricType.Summary, "s", "seconds",
                new MetricPoint(NoLabels, CreatedSeconds: 10, Summary: Summary(2693, 1.7560473e7, (0.5, 4773), (0.99, 76656)))));

        var families = Parse(bytes);

        Assert.Equal(3, families.Count);
        Assert.Equal(Prom.MetricType.Gauge, families[0].Type);
        Assert.Equal("items", families[0].Unit);
        Assert.False(families[0].HasHelp);
        Assert.True(double.IsNaN(families[0].Metric[0].Gauge.Value));
        Assert.Equal(double.NegativeInfinity, families[0].Metric[1].Gauge.Value);

        Assert.Equal(Prom.MetricType.Untyped, families[1].Type);
        Assert.Equal(42, Assert.Single(families[1].Metric).Untyped.Value);

        Assert.Equal(Prom.MetricType.Summary, families[2].Type);
        var summary = Assert.Single(families[2].Metric).Summary;
        Assert.Equal(2693UL, summary.SampleCount);
        Assert.Equal(1.7560473e7, summary.SampleSum);
        Assert.Equal([(0.5, 4773.0), (0.99, 76656.0)], summary.Quantile.Select(q => (q.Quantile_, q.Value)));
        Assert.Equal(new Timestamp { Seconds = 10 }, summary.CreatedTimestamp);
    }

    [Fact]
    public void Classic_histogram_round_trips_buckets_exemplars_and_created()
    {
        var family = Family("latency_seconds", MetricType.Histogram, "l", "seconds",
            new MetricPoint(Labels(("route", "/")), CreatedSeconds: 1600000000, TimestampMs: 5,
                Histogram: new HistogramValue(9, 3.5, [new HistogramBucket(0.1, 5, TraceExemplar(0.07, 1700000000)), new HistogramBucket(1, 8)])));

        var metric = Assert.Single(Assert.Single(Parse(Protobuf(family))).Metric);

        Assert.Equal(5, metric.TimestampMs);
        var histogram = metric.Histogram;
        Assert.Equal(9UL, histogram.SampleCount);
        Assert.Equal(3.5, histogram.SampleSum);
        Assert.Equal([(0.1, 5UL), (1.0, 8UL)], histogram.Bucket.Select(b => (b.UpperBound, b.CumulativeCount)));
        Assert.Equal(0.07, histogram.Bucket[0].Exemplar.Value);
        Assert.Equal(TraceId, histogram.Bucket[0].Exemplar.Label[0].Value);
        Assert.Null(histogram.Bucket[1].Exemplar);
        Assert.Equal(new Timestamp { Seconds = 1600000000 }, histogram.CreatedTimestamp);
        Assert.False(histogram.HasSchema);
        Assert.Empty(histogram.PositiveSpan);
    }

    [Fact]
    public void Native_histogram_round_trips_schema_zero_bucket_spans_and_deltas()
    {
        var native = new NativeHistogram(3, 1e-128, 2,
            [new BucketSpan(-2, 2), new BucketSpan(3, 1)], [4, -1, 2],
            [new BucketSpan(0, 1)], [1]);
        var family = Family("request_size_bytes", MetricType.Histogram, "sizes", "bytes",
            new MetricPoint(NoLabels, CreatedSeconds: 1700000000, Histogram: new HistogramValue(15, 1234.5, [], native)));

        var parsed = Assert.Single(Parse(Protobuf(family)));

        Assert.Equal(Prom.MetricType.Histogram, parsed.Type);
        var histogram = Assert.Single(parsed.Metric).Histogram;
        Assert.Equal(15UL, histogram.SampleCount);
        Assert.Equal(1234.5, histogram.SampleSum);
        Assert.Empty(histogram.Bucket);
        Assert.True(histogram.HasSchema);
        Assert.Equal(3, histogram.Schema);
        Assert.Equal(1e-128, histogram.ZeroThreshold);
        Assert.Equal(2UL, histogram.ZeroCount);
        Assert.Equal([(-2, 2u), (3, 1u)], histogram.PositiveSpan.Select(s => (s.Offset, s.Length)));
        Assert.Equal([4L, -1L, 2L], histogram.PositiveDelta);
        Assert.Equal([(0, 1u)], histogram.NegativeSpan.Select(s => (s.Offset, s.Length)));
        Assert.Equal([1L], histogram.NegativeDelta);
        Assert.Equal(new Timestamp { Seconds = 1700000000 }, histogram.CreatedTimestamp);
    }

    [Fact]
    public void Native_histogram_with_classic_buckets_carries_both()
    {
        var native = new NativeHistogram(-4, 0.001, 0, [new BucketSpan(0, 1)], [3], [], []);
        var family = Family("h", MetricType.Histogram, "h",
            new MetricPoint(NoLabels, Histogram: new HistogramValue(3, 3, [new HistogramBucket(1, 1), new HistogramBucket(10, 3)], native)));

        var histogram = Assert.Single(Assert.Single(Parse(Protobuf(family))).Metric).Histogram;

        Assert.Equal(2, histogram.Bucket.Count);
        Assert.Equal(-4, histogram.Schema);
        Assert.Equal([3L], histogram.PositiveDelta);
    }

    [Fact]
    public void Empty_native_histogram_with_zero_threshold_zero_gets_a_no_op_span()
    {
        var native = new NativeHistogram(0, 0, 0, [], [], [], []);
        var family = Family("h", MetricType.Histogram, "h", new MetricPoint(NoLabels, Histogram: new HistogramValue(0, 0, [], native)));

        var histogram = Assert.Single(Assert.Single(Parse(Protobuf(family))).Metric).Histogram;

        var span = Assert.Single(histogram.PositiveSpan);
        Assert.Equal((0, 0u), (span.Offset, span.Length));
        Assert.Empty(histogram.Bucket);
        Assert.True(histogram.HasSchema);
    }

    [Fact]
    public void Classic_histogram_without_buckets_gets_an_explicit_inf_bucket()
    {
        var family = Family("h", MetricType.Histogram, "h", new MetricPoint(NoLabels, Histogram: Histogram(4, 2)));

        var histogram = Assert.Single(Assert.Single(Parse(Protobuf(family))).Metric).Histogram;

        var bucket = Assert.Single(histogram.Bucket);
        Assert.Equal(double.PositiveInfinity, bucket.UpperBound);
        Assert.Equal(4UL, bucket.CumulativeCount);
    }

    [Fact]
    public void Exemplar_label_limit_applies_as_in_OpenMetrics()
    {
        var family = Family("c_total", MetricType.Counter, "",
            new MetricPoint(Labels(("k", "kept")), 1, Exemplar: TraceExemplar(1, null, ("big", new string('y', 70)), ("z", "1"))),
            new MetricPoint(Labels(("k", "skipped")), 1, Exemplar: new Exemplar(Labels(("trace_id", new string('a', 121))), 1, null)));

        var metrics = Assert.Single(Parse(Protobuf(family))).Metric;

        Assert.Equal(["trace_id", "span_id", "z"], metrics[0].Counter.Exemplar.Label.Select(l => l.Name));
        Assert.Null(metrics[1].Counter.Exemplar);
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters_with_consistent_lengths()
    {
        var family = Family("g", MetricType.Gauge, "help \uD800", Point(1, ("k", "a\uD800b\uDC00c" + new string('x', 5000) + "\uD83D")));

        var parsed = Assert.Single(Parse(Protobuf(family)));

        Assert.Equal("help \uFFFD", parsed.Help);
        Assert.Equal("a\uFFFDb\uFFFDc" + new string('x', 5000) + "\uFFFD", parsed.Metric[0].Label[0].Value);
    }

    [Fact]
    public void Families_without_usable_points_are_not_written()
    {
        Assert.Empty(Protobuf(Family("g", MetricType.Gauge, "g"), Family("h", MetricType.Histogram, "h", Point(1))));

        var parsed = Parse(Protobuf(Family("s", MetricType.Summary, "s", Point(1), new MetricPoint(NoLabels, Summary: Summary(1, 1)))));
        Assert.Single(Assert.Single(parsed).Metric);
    }

    [Fact]
    public void Bytes_equal_the_generated_serializer_for_every_shape()
    {
        // The generated code writes fields in number order with proto2 presence, so a faithful hand encoder must
        // produce exactly the same bytes.
        var families = RichFamilies();
        var expected = new MemoryStream();
        foreach (var family in families)
        {
            if (Reference(family) is { } message)
            {
                message.WriteDelimitedTo(expected);
            }
        }

        Assert.Equal(expected.ToArray(), Protobuf(families));
    }

    [Fact]
    public void Family_by_family_matches_writing_the_list()
    {
        var families = RichFamilies();
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var family in families)
        {
            PrometheusProtobufWriter.WriteFamily(output, family);
        }

        Assert.Equal(Protobuf(families), output.WrittenSpan.ToArray());
    }

    private static List<Prom.MetricFamily> Parse(byte[] bytes)
    {
        var stream = new MemoryStream(bytes);
        var families = new List<Prom.MetricFamily>();
        while (stream.Position < stream.Length)
        {
            families.Add(Prom.MetricFamily.Parser.ParseDelimitedFrom(stream));
        }

        return families;
    }

    /// <summary>The same family built with the generated classes, following the writer's documented rules.</summary>
    private static Prom.MetricFamily? Reference(MetricFamily family)
    {
        var usable = family.Points.Where(p => family.Type switch
        {
            MetricType.Histogram => p.Histogram is not null,
            MetricType.Summary => p.Summary is not null,
            _ => true,
        }).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var message = new Prom.MetricFamily
        {
            Name = family.Name,
            Type = family.Type switch
            {
                MetricType.Counter => Prom.MetricType.Counter,
                MetricType.Gauge => Prom.MetricType.Gauge,
                MetricType.Summary => Prom.MetricType.Summary,
                MetricType.Histogram => Prom.MetricType.Histogram,
                _ => Prom.MetricType.Untyped,
            },
        };
        if (family.Help.Length > 0)
        {
            message.Help = family.Help;
        }

        if (family.Unit.Length > 0)
        {
            message.Unit = family.Unit;
        }

        foreach (var point in usable)
        {
            var metric = new Prom.Metric();
            metric.Label.AddRange(point.Labels.Select(Label));
            if (point.TimestampMs is { } ms)
            {
                metric.TimestampMs = ms;
            }

            switch (family.Type)
            {
                case MetricType.Counter:
                    metric.Counter = new Prom.Counter { Value = point.Value, Exemplar = ReferenceExemplar(point.Exemplar), CreatedTimestamp = Time(point.CreatedSeconds) };
                    break;
                case MetricType.Gauge:
                    metric.Gauge = new Prom.Gauge { Value = point.Value };
                    break;
                case MetricType.Summary:
                    var summary = new Prom.Summary { SampleCount = point.Summary!.Count, SampleSum = point.Summary.Sum, CreatedTimestamp = Time(point.CreatedSeconds) };
                    summary.Quantile.AddRange(point.Summary.Quantiles.Select(q => new Prom.Quantile { Quantile_ = q.Key, Value = q.Value }));
                    metric.Summary = summary;
                    break;
                case MetricType.Histogram:
                    metric.Histogram = ReferenceHistogram(point.Histogram!, point.CreatedSeconds);
                    break;
                default:
                    metric.Untyped = new Prom.Untyped { Value = point.Value };
                    break;
            }

            message.Metric.Add(metric);
        }

        return message;
    }

    private static Prom.Histogram ReferenceHistogram(HistogramValue value, double? created)
    {
        var histogram = new Prom.Histogram { SampleCount = value.Count, SampleSum = value.Sum, CreatedTimestamp = Time(created) };
        histogram.Bucket.AddRange(value.Buckets.Where(b => !double.IsPositiveInfinity(b.UpperBound)).Select(b =>
            new Prom.Bucket { CumulativeCount = b.CumulativeCount, UpperBound = b.UpperBound, Exemplar = ReferenceExemplar(b.Exemplar) }));
        if (histogram.Bucket.Count == 0 && value.Native is null)
        {
            histogram.Bucket.Add(new Prom.Bucket { CumulativeCount = value.Count, UpperBound = double.PositiveInfinity });
        }

        if (value.Native is { } native)
        {
            histogram.Schema = native.Schema;
            histogram.ZeroThreshold = native.ZeroThreshold;
            histogram.ZeroCount = native.ZeroCount;
            histogram.NegativeSpan.AddRange(native.NegativeSpans.Select(Span));
            histogram.NegativeDelta.AddRange(native.NegativeDeltas);
            histogram.PositiveSpan.AddRange(native.PositiveSpans.Select(Span));
            if (native.PositiveSpans.Count == 0 && native.NegativeSpans.Count == 0 && native.ZeroThreshold == 0 && native.ZeroCount == 0)
            {
                histogram.PositiveSpan.Add(new Prom.BucketSpan { Offset = 0, Length = 0 });
            }

            histogram.PositiveDelta.AddRange(native.PositiveDeltas);
        }

        return histogram;
    }

    private static Prom.BucketSpan Span(BucketSpan span) => new() { Offset = span.Offset, Length = span.Length };

    private static Prom.Exemplar? ReferenceExemplar(Exemplar? exemplar)
    {
        if (exemplar is null)
        {
            return null;
        }

        var message = new Prom.Exemplar { Value = exemplar.Value, Timestamp = Time(exemplar.TimestampSeconds) };
        message.Label.AddRange(exemplar.Labels.Select(Label));
        return message;
    }

    private static Prom.LabelPair Label(KeyValuePair<string, string> label) => new() { Name = label.Key, Value = label.Value };

    private static Timestamp? Time(double? seconds)
    {
        if (seconds is not { } s)
        {
            return null;
        }

        var whole = Math.Floor(s);
        return new Timestamp { Seconds = (long)whole, Nanos = (int)Math.Round((s - whole) * 1e9) };
    }
}
