namespace MiniCollector.Exposition;

/// <summary>
/// A family's series in the order to write them. The writers take it as a generic struct argument, so a store can
/// hand its own compact series to them with no list of points and no boxing.
/// </summary>
public interface IExpositionPoints
{
    int Count { get; }

    ExpositionPoint this[int index] { get; }
}
