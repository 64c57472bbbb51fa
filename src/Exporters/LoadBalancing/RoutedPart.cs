using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>The part of a request that goes to one backend: the backend's index in the ring, and the part.</summary>
public readonly record struct RoutedPart(int Backend, TelemetryRequest Request);
