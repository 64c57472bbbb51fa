using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Tests.Prometheus.Store;

public sealed class ExponentialHistogramExpositionTests
{
    private static ExponentialHistogramState Series(int scale, ExponentialBuckets positive, ExponentialBuckets? negative = null, ulong zeroCount = 0, double zeroThreshold = 0)
    {
        negative ??= ExponentialBuckets.Empty;
        var count = zeroCount + positive.Counts.Aggregate(0UL, (a, b) => a + b) + negative.Counts.Aggregate(0UL, (a, b) => a + b);
        return new ExponentialHistogramState(count, 12.5, scale, zeroThreshold, zeroCount, positive, negative);
    }

    [Theory]
    [InlineData(0, 0, 2.0)]
    [InlineData(0, -1, 1.0)]
    [InlineData(0, 3, 16.0)]
    [InlineData(1, -1, 1.0)]
    [InlineData(1, 1, 2.0)]
    [InlineData(-1, 0, 4.0)]
    [InlineData(-2, 1, 256.0)]
    [InlineData(3, 7, 2.0)]
    public void Upper_bound_is_base_to_the_index_plus_one(int scale, int index, double expected)
    {
        Assert.Equal(expected, ExponentialHistogramExposition.UpperBound(scale, index), 12);
    }

    [Fact]
    public void Native_form_shifts_indices_by_one_and_encodes_deltas()
    {
        var value = ExponentialHistogramExposition.From(Series(3, new ExponentialBuckets(-2, [3, 1, 4]), new ExponentialBuckets(5, [2, 2]), zeroCount: 7, zeroThreshold: 1e-9));

        Assert.Equal(19UL, value.Count);
        Assert.Equal(12.5, value.Sum);
        var native = Assert.IsType<NativeHistogram>(value.Native);
        Assert.Equal(3, native.Schema);
        Assert.Equal(1e-9, native.ZeroThreshold);
        Assert.Equal(7UL, native.ZeroCount);
        Assert.Equal([new BucketSpan(-1, 3)], native.PositiveSpans);
        Assert.Equal([3L, -2, 3], native.PositiveDeltas);
        Assert.Equal([new BucketSpan(6, 2)], native.NegativeSpans);
        Assert.Equal([2L, 0], native.NegativeDeltas);
    }

    [Fact]
    public void Scale_above_8_is_downscaled_in_both_forms()
    {
        // Scale 10 indices 0..4 are scale 8 indices 0, 0, 0, 0, 1.
        var value = ExponentialHistogramExposition.From(Series(10, new ExponentialBuckets(0, [1, 1, 1, 1, 1])));

        var native = Assert.IsType<NativeHistogram>(value.Native);
        Assert.Equal(8, native.Schema);
        Assert.Equal([new BucketSpan(1, 2)], native.PositiveSpans);
        Assert.Equal([4L, -3], native.PositiveDeltas);
        Assert.Equal(
            [new HistogramBucket(0, 0), new HistogramBucket(Math.Pow(2, 1.0 / 256), 4), new HistogramBucket(Math.Pow(2, 2.0 / 256), 5)],
            value.Buckets);
    }

    [Theory]
    [InlineData(-4, true)]
    [InlineData(-5, false)]
    [InlineData(-10, false)]
    public void Scales_below_minus_4_have_no_native_form(int scale, bool native)
    {
        var value = ExponentialHistogramExposition.From(Series(scale, new ExponentialBuckets(0, [1])));

        Assert.Equal(native, value.Native is not null);
        Assert.Equal(2, value.Buckets.Count);
    }

    [Fact]
    public void Classic_buckets_walk_from_the_most_negative_through_zero_to_positive()
    {
        // Scale 0: negative bucket i is [-2^(i+1), -2^i); written with upper bound -2^i.
        var value = ExponentialHistogramExposition.From(Series(0, new ExponentialBuckets(1, [1, 2]), new ExponentialBuckets(0, [3, 4]), zeroCount: 5, zeroThreshold: 0.5));

        Assert.Equal(
            [
                new HistogramBucket(-2, 4),
                new HistogramBucket(-1, 7),
                new HistogramBucket(0.5, 12),
                new HistogramBucket(4, 13),
                new HistogramBucket(8, 15),
            ],
            value.Buckets);
        Assert.Equal(15UL, value.Count);
    }

    [Fact]
    public void Empty_histogram_has_just_the_zero_bucket()
    {
        var value = ExponentialHistogramExposition.From(Series(2, ExponentialBuckets.Empty));

        Assert.Equal([new HistogramBucket(0, 0)], value.Buckets);
        var native = Assert.IsType<NativeHistogram>(value.Native);
        Assert.Empty(native.PositiveSpans);
        Assert.Empty(native.NegativeSpans);
    }
}
