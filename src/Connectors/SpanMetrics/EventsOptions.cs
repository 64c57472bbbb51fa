namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>The <c>events</c> section: a sum counting span events by the event's attributes.</summary>
public sealed record EventsOptions
{
    /// <summary><c>enabled</c> (default false).</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// <c>dimensions</c>, required when enabled: added to the events metric after the common ones, each looked up on
    /// the span, then the event, then the resource (the common dimensions are looked up the same way there).
    /// </summary>
    public IReadOnlyList<SpanMetricsDimension> Dimensions { get; init; } = [];
}
