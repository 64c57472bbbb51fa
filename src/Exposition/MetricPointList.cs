namespace MiniCollector.Exposition;

/// <summary>A <see cref="MetricFamily"/>'s points as <see cref="IExpositionPoints"/>.</summary>
internal readonly struct MetricPointList(IReadOnlyList<MetricPoint> points) : IExpositionPoints
{
    public int Count => points.Count;

    public ExpositionPoint this[int index] => new(points[index]);
}
