namespace MiniCollector.Exposition;

/// <summary>Checks every writer applies the same way to decide what of a family is exposed.</summary>
internal static class ExpositionPoints
{
    /// <summary>
    /// Whether the family has a point its type can use: any point for counters, gauges and unknown, a point with a
    /// histogram or summary value for those types. A family without one is skipped, HELP and TYPE included.
    /// </summary>
    public static bool HasAny<TPoints>(MetricType type, TPoints points)
        where TPoints : IExpositionPoints
    {
        var count = points.Count;
        for (var i = 0; i < count; i++)
        {
            if (IsUsable(type, points[i]))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsUsable(MetricType type, in ExpositionPoint point) => type switch
    {
        MetricType.Histogram => point.Histogram is not null,
        MetricType.Summary => point.Summary is not null,
        _ => true,
    };

    /// <summary>
    /// Whether a classic bucket is written as given: the <c>+Inf</c> bucket is always written from the count (so a
    /// listed one would repeat it) and a NaN bound is not a bound.
    /// </summary>
    public static bool IsListedBound(double upperBound) => !double.IsNaN(upperBound) && !double.IsPositiveInfinity(upperBound);
}
