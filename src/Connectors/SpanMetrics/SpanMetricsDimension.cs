namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>
/// One configured dimension: the attribute <paramref name="Name"/>, looked up on the span and then on its resource;
/// <paramref name="Default"/> when neither has it, and the dimension is left out when there is no default.
/// </summary>
public sealed record SpanMetricsDimension(string Name, string? Default = null);
