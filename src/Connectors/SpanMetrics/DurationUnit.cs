namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>The unit of the duration histogram, its <c>unit</c> field and the bucket bounds.</summary>
public enum DurationUnit
{
    /// <summary><c>ms</c>, the default.</summary>
    Milliseconds,

    /// <summary><c>s</c>.</summary>
    Seconds,
}
