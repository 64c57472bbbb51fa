using MiniCollector.Exporters.Prometheus.Store;

namespace MiniCollector.Exporters.Tests.Prometheus.Store;

public sealed class ExponentialBucketsTests
{
    [Fact]
    public void Downscale_by_zero_or_of_empty_buckets_is_the_same_instance()
    {
        var buckets = new ExponentialBuckets(3, [1, 2]);

        Assert.Same(buckets, buckets.Downscale(0));
        Assert.Same(ExponentialBuckets.Empty, ExponentialBuckets.Empty.Downscale(3));
    }

    [Fact]
    public void Downscale_merges_pairs_and_floors_negative_indices()
    {
        // Indices -3, -2, -1, 0 halve to -2, -1, -1, 0.
        var merged = new ExponentialBuckets(-3, [1, 2, 3, 4]).Downscale(1);

        Assert.Equal(-2, merged.Offset);
        Assert.Equal([1UL, 5, 4], merged.Counts);
    }

    [Fact]
    public void Downscale_by_several_steps()
    {
        // Indices 5..8 become 1, 1, 1, 2 at four times coarser.
        var merged = new ExponentialBuckets(5, [1, 1, 1, 1]).Downscale(2);

        Assert.Equal(1, merged.Offset);
        Assert.Equal([3UL, 1], merged.Counts);
        Assert.Equal(4UL, merged.Counts.Aggregate(0UL, (a, b) => a + b) + 0);
    }

    [Fact]
    public void Downscale_keeps_the_total_count()
    {
        var buckets = new ExponentialBuckets(-17, [.. Enumerable.Range(1, 40).Select(i => (ulong)i)]);
        for (int reduction = 1; reduction < 8; reduction++)
        {
            var merged = buckets.Downscale(reduction);
            Assert.Equal(820UL, merged.Counts.Aggregate(0UL, (a, b) => a + b));
            Assert.Equal(-17 >> reduction, merged.Offset);
        }
    }

    [Fact]
    public void Add_spans_both_ranges_with_gaps_as_zero()
    {
        var sum = new ExponentialBuckets(0, [1, 1]).Add(new ExponentialBuckets(3, [2]));

        Assert.Equal(0, sum.Offset);
        Assert.Equal([1UL, 1, 0, 2], sum.Counts);
    }

    [Fact]
    public void Add_overlapping_ranges_sums_bucket_by_bucket()
    {
        var sum = new ExponentialBuckets(2, [1, 2, 3]).Add(new ExponentialBuckets(-1, [5, 5, 5, 5]));

        Assert.Equal(-1, sum.Offset);
        Assert.Equal([5UL, 5, 5, 6, 2, 3], sum.Counts);
    }

    [Fact]
    public void Add_with_an_empty_side_returns_the_other()
    {
        var buckets = new ExponentialBuckets(4, [7]);

        Assert.Same(buckets, buckets.Add(ExponentialBuckets.Empty));
        Assert.Same(buckets, ExponentialBuckets.Empty.Add(buckets));
    }
}
