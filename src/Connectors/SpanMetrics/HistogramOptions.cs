namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>The <c>histogram</c> section: the duration histogram's kind, unit and buckets.</summary>
public sealed record HistogramOptions
{
    /// <summary>The reference's default explicit buckets, in milliseconds.</summary>
    public static IReadOnlyList<double> DefaultBucketsMs { get; } = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000];

    /// <summary>The reference's default <c>exponential::max_size</c>.</summary>
    public const int DefaultExponentialMaxSize = 160;

    /// <summary><c>disable</c>: no duration metric at all.</summary>
    public bool Disable { get; init; }

    /// <summary><c>unit</c>: <c>ms</c> (default) or <c>s</c>.</summary>
    public DurationUnit Unit { get; init; } = DurationUnit.Milliseconds;

    /// <summary><c>explicit::buckets</c> as durations; null: the default buckets.</summary>
    public IReadOnlyList<TimeSpan>? ExplicitBuckets { get; init; }

    /// <summary><c>exponential::max_size</c> when an <c>exponential</c> section is written; null: explicit buckets.</summary>
    public int? ExponentialMaxSize { get; init; }

    /// <summary><c>dimensions</c>: added to the duration metric only, after the common ones.</summary>
    public IReadOnlyList<SpanMetricsDimension> Dimensions { get; init; } = [];

    /// <summary>The explicit bucket bounds in the histogram's unit.</summary>
    public double[] Bounds()
    {
        if (ExplicitBuckets is { } buckets)
        {
            double divider = Unit == DurationUnit.Seconds ? 1e9 : 1e6;
            return [.. buckets.Select(b => b.Ticks * 100d / divider)];
        }

        return Unit == DurationUnit.Seconds ? [.. DefaultBucketsMs.Select(b => b / 1000d)] : [.. DefaultBucketsMs];
    }
}
