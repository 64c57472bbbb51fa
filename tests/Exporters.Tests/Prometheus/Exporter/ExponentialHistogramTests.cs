using MiniCollector.Exposition;
using MiniCollector.Otlp.Metrics;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>Exponential histograms through the exporter: classic buckets at the exponential boundaries in text formats.</summary>
public sealed class ExponentialHistogramTests
{
    [Fact]
    public void Classic_buckets_sit_at_the_exponential_boundaries()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nenable_open_metrics: true");

        // Scale 0: base 2, positive bucket i is (2^i, 2^(i+1)], negative bucket i is [-2^(i+1), -2^i).
        h.Ingest(ExponentialHistogram(
            "latency",
            AggregationTemporality.Cumulative,
            ExponentialPoint(At(0), At(10), scale: 0, zeroCount: 1, positiveOffset: 0, positive: [1, 2, 3], negativeOffset: 0, negative: [1], sum: 10)));

        Assert.Equal(
            """
            # TYPE latency histogram
            latency_bucket{le="-1"} 1
            latency_bucket{le="0"} 2
            latency_bucket{le="2"} 3
            latency_bucket{le="4"} 5
            latency_bucket{le="8"} 8
            latency_bucket{le="+Inf"} 8
            latency_sum 10
            latency_count 8

            """,
            h.Text());

        // OpenMetrics: with a negative bound there must be no _sum.
        Assert.Equal(
            """
            # TYPE latency histogram
            latency_bucket{le="-1.0"} 1
            latency_bucket{le="0.0"} 2
            latency_bucket{le="2.0"} 3
            latency_bucket{le="4.0"} 5
            latency_bucket{le="8.0"} 8
            latency_bucket{le="+Inf"} 8
            latency_count 8
            latency_created 1700000000
            # EOF

            """,
            h.OpenMetrics());
    }

    [Fact]
    public void Positive_scale_and_negative_offset_give_fractional_bounds_and_the_zero_threshold_bucket()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(ExponentialHistogram(
            "size",
            AggregationTemporality.Cumulative,
            ExponentialPoint(At(0), At(10), scale: 1, zeroCount: 2, positiveOffset: -2, positive: [1, 1], sum: 1.5, zeroThreshold: 0.001)).With("By"));

        Assert.Equal(
            """
            # TYPE size_bytes histogram
            size_bytes_bucket{le="0.001"} 2
            size_bytes_bucket{le="0.7071067811865476"} 3
            size_bytes_bucket{le="1"} 4
            size_bytes_bucket{le="+Inf"} 4
            size_bytes_sum 1.5
            size_bytes_count 4

            """,
            h.Text());
    }

    [Fact]
    public void Scale_above_8_is_downscaled_to_8()
    {
        var h = ExporterHarness.FromYaml();

        // Scale 10 indices 0..4 become scale 8 indices 0,0,0,0,1.
        h.Ingest(ExponentialHistogram(
            "fine",
            AggregationTemporality.Cumulative,
            ExponentialPoint(At(0), At(10), scale: 10, zeroCount: 0, positiveOffset: 0, positive: [1, 1, 1, 1, 1], sum: 5.01)));

        Assert.Equal(
            """
            # TYPE fine histogram
            fine_bucket{le="0"} 0
            fine_bucket{le="1.0027112750502025"} 4
            fine_bucket{le="1.0054299011128027"} 5
            fine_bucket{le="+Inf"} 5
            fine_sum 5.01
            fine_count 5

            """,
            h.Text());
    }

    [Fact]
    public void Point_without_sum_is_dropped_and_counted()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(ExponentialHistogram(
            "e",
            AggregationTemporality.Cumulative,
            ExponentialPoint(At(0), At(10), 0, 0, 0, [1]),
            ExponentialPoint(At(0), At(10), 0, 0, 0, [2], sum: 3).Attrs(Attr("with", "sum"))));

        Assert.Equal(
            """
            # TYPE e histogram
            e_bucket{with="sum",le="0"} 0
            e_bucket{with="sum",le="2"} 2
            e_bucket{with="sum",le="+Inf"} 2
            e_sum{with="sum"} 3
            e_count{with="sum"} 2

            """,
            h.Text());
        Assert.Equal(1, h.Dropped);
    }

    [Fact]
    public void Delta_points_accumulate_at_the_coarser_scale()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(ExponentialHistogram("e", AggregationTemporality.Delta, ExponentialPoint(At(0), At(10), scale: 1, zeroCount: 1, positiveOffset: 0, positive: [1, 1], sum: 3)));
        h.Ingest(ExponentialHistogram("e", AggregationTemporality.Delta, ExponentialPoint(At(10), At(20), scale: 0, zeroCount: 0, positiveOffset: 0, positive: [2], sum: 4)));

        // Scale 1 buckets 0 and 1 ((1, 1.41], (1.41, 2]) are scale 0 bucket 0 ((1, 2]).
        Assert.Equal(
            """
            # TYPE e histogram
            e_bucket{le="0"} 1
            e_bucket{le="2"} 5
            e_bucket{le="+Inf"} 5
            e_sum 7
            e_count 5

            """,
            h.Text());

        // Starting before the accumulated interval ends: dropped.
        h.Ingest(ExponentialHistogram("e", AggregationTemporality.Delta, ExponentialPoint(At(15), At(25), 0, 0, 0, [100], sum: 100)));
        Assert.Contains("e_count 5\n", h.Text(), StringComparison.Ordinal);
        Assert.Equal(1, h.Dropped);
    }

    [Fact]
    public void Native_histogram_over_protobuf_has_scale_capped_at_8()
    {
        var h = ExporterHarness.FromYaml();

        // Scale 12 indices 0 and 1 are both scale-8 index 0: one bucket of 3, Prometheus index 1.
        h.Ingest(ExponentialHistogram("e", AggregationTemporality.Cumulative, ExponentialPoint(At(0), At(10), 12, 0, 0, [1, 2], sum: 3)));

        var (body, format) = h.Exporter.Render(ExpositionFormat.Protobuf);
        Assert.Equal(ExpositionFormat.Protobuf, format);
        var family = Assert.Single(ProtoFields.Delimited(body));
        Assert.Equal("e", System.Text.Encoding.UTF8.GetString(family.Bytes(1)));
        Assert.Equal(4UL, family.Varint(3)); // HISTOGRAM
        var histogram = ProtoFields.Parse(ProtoFields.Parse(family.Bytes(4)).Bytes(7));
        Assert.Equal(3UL, histogram.Varint(1)); // sample_count
        Assert.Equal(8, ProtoFields.ZigZag32(histogram.Varint(5))); // schema
        var span = ProtoFields.Parse(histogram.Bytes(12));
        Assert.Equal(1, ProtoFields.ZigZag32(span.Varint(1))); // offset
        Assert.Equal(1UL, span.Varint(2)); // length
        Assert.Equal([3L], histogram.All(13).Select(f => ProtoFields.ZigZag64(f.Varint)).ToArray()); // deltas
    }

    [Fact]
    public void Scale_below_minus_4_has_no_native_form_but_keeps_classic_buckets()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(ExponentialHistogram("e", AggregationTemporality.Cumulative, ExponentialPoint(At(0), At(10), -5, 0, 0, [1], sum: 3)));

        // Scale -5: base 2^32, bucket 0 is (1, 2^32].
        Assert.Equal(
            """
            # TYPE e histogram
            e_bucket{le="0"} 0
            e_bucket{le="4.294967296e+09"} 1
            e_bucket{le="+Inf"} 1
            e_sum 3
            e_count 1

            """,
            h.Text());
        var histogram = ProtoFields.Parse(ProtoFields.Parse(Assert.Single(ProtoFields.Delimited(h.Exporter.Render(ExpositionFormat.Protobuf).Body)).Bytes(4)).Bytes(7));
        Assert.Empty(histogram.All(5));
        Assert.NotEmpty(histogram.All(3)); // classic buckets
    }
}
