using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// Exposes an exponential histogram two ways: as a Prometheus native histogram (protobuf scrapes) and as classic
/// cumulative <c>le</c> buckets at the exponential bucket boundaries (text formats), so every scraper sees it.
/// </summary>
internal static class ExponentialHistogramExposition
{
    // Prometheus native histograms support schemas -4..8.
    private const int MaxSchema = 8;
    private const int MinSchema = -4;

    public static HistogramValue From(ExponentialHistogramState s)
    {
        int scale = s.Scale;
        var positive = s.Positive;
        var negative = s.Negative;
        if (scale > MaxSchema)
        {
            positive = positive.Downscale(scale - MaxSchema);
            negative = negative.Downscale(scale - MaxSchema);
            scale = MaxSchema;
        }

        var native = scale < MinSchema ? null : Native(scale, s.ZeroThreshold, s.ZeroCount, positive, negative);
        return new HistogramValue(s.Count, s.Sum, ClassicBuckets(scale, s.ZeroThreshold, s.ZeroCount, positive, negative), native);
    }

    /// <summary>The upper bound of bucket <paramref name="index"/> at <paramref name="scale"/>: base^(index+1).</summary>
    public static double UpperBound(int scale, int index) => Math.Pow(2, Math.ScaleB(index + 1, -scale));

    private static List<HistogramBucket> ClassicBuckets(int scale, double zeroThreshold, ulong zeroCount, ExponentialBuckets positive, ExponentialBuckets negative)
    {
        var buckets = new List<HistogramBucket>(negative.Counts.Length + positive.Counts.Length + 1);
        ulong cumulative = 0;

        // Negative bucket i holds [-base^(i+1), -base^i): walk from the most negative values upwards.
        for (int i = negative.Counts.Length - 1; i >= 0; i--)
        {
            cumulative += negative.Counts[i];
            buckets.Add(new HistogramBucket(-Math.Pow(2, Math.ScaleB(negative.Offset + i, -scale)), cumulative));
        }

        cumulative += zeroCount;
        buckets.Add(new HistogramBucket(zeroThreshold, cumulative));
        for (int i = 0; i < positive.Counts.Length; i++)
        {
            cumulative += positive.Counts[i];
            buckets.Add(new HistogramBucket(UpperBound(scale, positive.Offset + i), cumulative));
        }

        return buckets;
    }

    private static NativeHistogram Native(int scale, double zeroThreshold, ulong zeroCount, ExponentialBuckets positive, ExponentialBuckets negative)
    {
        var (positiveSpans, positiveDeltas) = SpansAndDeltas(positive);
        var (negativeSpans, negativeDeltas) = SpansAndDeltas(negative);
        return new NativeHistogram(scale, zeroThreshold, zeroCount, positiveSpans, positiveDeltas, negativeSpans, negativeDeltas);
    }

    // Prometheus bucket index = OTLP index + 1 (its buckets are (base^(i-1), base^i]). One span covers the run.
    private static (BucketSpan[] Spans, long[] Deltas) SpansAndDeltas(ExponentialBuckets buckets)
    {
        if (buckets.Counts.Length == 0)
        {
            return ([], []);
        }

        var deltas = new long[buckets.Counts.Length];
        long previous = 0;
        for (int i = 0; i < deltas.Length; i++)
        {
            deltas[i] = (long)buckets.Counts[i] - previous;
            previous = (long)buckets.Counts[i];
        }

        return ([new BucketSpan(buckets.Offset + 1, (uint)buckets.Counts.Length)], deltas);
    }
}
