namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// One side (positive or negative) of an exponential histogram: counts for consecutive bucket indices starting at
/// <see cref="Offset"/>, where bucket <c>i</c> covers (base^i, base^(i+1)] and base = 2^(2^-scale).
/// </summary>
internal sealed class ExponentialBuckets
{
    public ExponentialBuckets(int offset, ulong[] counts)
    {
        Offset = offset;
        Counts = counts;
    }

    public static ExponentialBuckets Empty { get; } = new(0, []);

    /// <summary>Index of the first bucket.</summary>
    public int Offset { get; }

    /// <summary>Counts of consecutive buckets.</summary>
    public ulong[] Counts { get; }

    /// <summary>
    /// The same buckets at a coarser scale (<paramref name="scaleReduction"/> halvings of resolution): each bucket
    /// index i maps to i >> reduction, which floors for negative indices too.
    /// </summary>
    public ExponentialBuckets Downscale(int scaleReduction)
    {
        if (scaleReduction <= 0 || Counts.Length == 0)
        {
            return this;
        }

        int first = Offset >> scaleReduction;
        int last = (Offset + Counts.Length - 1) >> scaleReduction;
        var merged = new ulong[last - first + 1];
        for (int i = 0; i < Counts.Length; i++)
        {
            merged[((Offset + i) >> scaleReduction) - first] += Counts[i];
        }

        return new ExponentialBuckets(first, merged);
    }

    /// <summary>The bucket-wise sum with another side at the same scale.</summary>
    public ExponentialBuckets Add(ExponentialBuckets other)
    {
        if (other.Counts.Length == 0)
        {
            return this;
        }

        if (Counts.Length == 0)
        {
            return other;
        }

        int first = Math.Min(Offset, other.Offset);
        int end = Math.Max(Offset + Counts.Length, other.Offset + other.Counts.Length);
        var sum = new ulong[end - first];
        for (int i = 0; i < Counts.Length; i++)
        {
            sum[Offset - first + i] += Counts[i];
        }

        for (int i = 0; i < other.Counts.Length; i++)
        {
            sum[other.Offset - first + i] += other.Counts[i];
        }

        return new ExponentialBuckets(first, sum);
    }
}
