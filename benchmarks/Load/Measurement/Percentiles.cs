namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>Nearest-rank percentiles of a sorted sample.</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="fraction"/> percentile (0.5, 0.99) of ascending values; NaN when there are none.</summary>
    public static double Of(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
