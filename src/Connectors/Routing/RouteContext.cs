namespace MiniCollector.Connectors.Routing;

/// <summary>What a route's condition looks at, and so what it moves: whole resources, single items, or the whole request.</summary>
public enum RouteContext
{
    /// <summary>The resource (the default): matching resources move whole.</summary>
    Resource,

    /// <summary>Each span (traces).</summary>
    Span,

    /// <summary>Each metric with its data points (metrics).</summary>
    Metric,

    /// <summary>Each data point (metrics).</summary>
    DataPoint,

    /// <summary>Each log record (logs).</summary>
    Log,

    /// <summary>The request's client metadata (headers, with the receiver's <c>include_metadata</c>): everything left moves.</summary>
    Request,
}
