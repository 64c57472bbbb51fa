using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// An exponential histogram series' state, replaced (never changed) by each update so a scrape can read it outside the
/// store's lock. Its exposition is built on the first scrape that needs it and kept with it.
/// </summary>
internal sealed class ExponentialHistogramState(ulong count, double sum, int scale, double zeroThreshold, ulong zeroCount, ExponentialBuckets positive, ExponentialBuckets negative)
{
    private HistogramValue? _exposed;

    public ulong Count { get; } = count;

    public double Sum { get; } = sum;

    public int Scale { get; } = scale;

    public double ZeroThreshold { get; } = zeroThreshold;

    public ulong ZeroCount { get; } = zeroCount;

    public ExponentialBuckets Positive { get; } = positive;

    public ExponentialBuckets Negative { get; } = negative;

    /// <summary>The native and classic forms as the writers take them. Two scrapes may both build it; either result is the same.</summary>
    public HistogramValue Exposition() => _exposed ??= ExponentialHistogramExposition.From(this);
}
