using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// A classic histogram series' state, replaced (never changed) by each update so a scrape can read it outside the
/// store's lock. Its exposition is built on the first scrape that needs it and kept with it.
/// </summary>
internal sealed class ClassicHistogramState(ulong count, double sum, double[] bounds, ulong[] bucketCounts, Exemplar?[] exemplars)
{
    private HistogramValue? _exposed;

    public ulong Count { get; } = count;

    public double Sum { get; } = sum;

    /// <summary>Explicit bucket bounds.</summary>
    public double[] Bounds { get; } = bounds;

    /// <summary>Per-bucket (not cumulative) counts, one more than <see cref="Bounds"/>.</summary>
    public ulong[] BucketCounts { get; } = bucketCounts;

    /// <summary>Latest exemplar per bucket, the last one for +Inf.</summary>
    public Exemplar?[] Exemplars { get; } = exemplars;

    /// <summary>Cumulative buckets as the writers take them. Two scrapes may both build it; either result is the same.</summary>
    public HistogramValue Exposition() => _exposed ??= Build();

    private HistogramValue Build()
    {
        var buckets = new HistogramBucket[Bounds.Length];
        ulong cumulative = 0;
        for (int i = 0; i < Bounds.Length; i++)
        {
            cumulative += i < BucketCounts.Length ? BucketCounts[i] : 0;
            buckets[i] = new HistogramBucket(Bounds[i], cumulative, Exemplars.Length > i ? Exemplars[i] : null);
        }

        var infExemplar = Exemplars.Length > Bounds.Length ? Exemplars[Bounds.Length] : null;
        return new HistogramValue(Count, Sum, buckets, InfExemplar: infExemplar);
    }
}
