using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>One OTLP histogram data point, as the store takes it.</summary>
internal readonly record struct HistogramInput(ulong StartNanos, ulong TimeNanos, ulong Count, double Sum, double[] Bounds, ulong[] Counts, IReadOnlyList<Exemplar> Exemplars);

/// <summary>One OTLP exponential histogram data point, as the store takes it.</summary>
internal readonly record struct ExponentialHistogramInput(
    ulong StartNanos, ulong TimeNanos, ulong Count, double Sum, int Scale, double ZeroThreshold, ulong ZeroCount, ExponentialBuckets Positive, ExponentialBuckets Negative);

/// <summary>Why the store did not take a point.</summary>
internal enum StoreRejection
{
    None,

    /// <summary>The family exists with another type.</summary>
    TypeConflict,

    /// <summary>A delta point that starts before the accumulated interval ends.</summary>
    Misaligned,
}
