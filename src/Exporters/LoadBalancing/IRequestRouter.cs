using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>Splits a request of one signal by a routing key into one part per backend of a ring.</summary>
public interface IRequestRouter
{
    /// <summary>
    /// One part per backend that owns any item, in the order of their first items; items keep their order and their
    /// resource and scope. A request whose items all go to one backend is that one part, unchanged (its bytes too).
    /// The ring must not be empty.
    /// </summary>
    IReadOnlyList<RoutedPart> Split(TelemetryRequest request, HashRing ring);
}
