namespace MiniCollector.Benchmarks.Load.Payloads;

/// <summary>
/// The shape of a metrics request: <see cref="Metrics"/> metrics (half gauges, half monotonic cumulative sums) x
/// <see cref="PointsPerMetric"/> data points each.
/// </summary>
/// <param name="PointsPerMetric">Data points of every metric in one request.</param>
public sealed record MetricsShape(int PointsPerMetric)
{
    /// <summary>Metrics per request, whatever the shape.</summary>
    public const int Metrics = 10;

    /// <summary>
    /// 10 metrics x 100 points: the request every metrics scenario sent before the 100-point one existed, kept so
    /// their figures stay comparable across runs.
    /// </summary>
    public static MetricsShape Points1000 { get; } = new(100);

    /// <summary>10 metrics x 10 points: the request size of the 1M points per CPU-second target (issue 19).</summary>
    public static MetricsShape Points100 { get; } = new(10);

    /// <summary>Data points per request.</summary>
    public int PointsPerRequest => Metrics * PointsPerMetric;

    /// <summary>How the report names it.</summary>
    public override string ToString() => $"{PointsPerRequest} points: {Metrics} metrics x {PointsPerMetric} points, 2 attributes";
}
