namespace MiniCollector.Ottl;

/// <summary>The OTTL contexts: which item a statement or condition runs on, and so which paths it may use.</summary>
public enum OttlContextKind
{
    /// <summary>A resource (<c>resource.*</c>).</summary>
    Resource,

    /// <summary>An instrumentation scope (<c>scope.*</c> / <c>instrumentation_scope.*</c>).</summary>
    Scope,

    /// <summary>A span.</summary>
    Span,

    /// <summary>A span event.</summary>
    SpanEvent,

    /// <summary>A metric.</summary>
    Metric,

    /// <summary>A metric data point.</summary>
    DataPoint,

    /// <summary>A log record.</summary>
    Log,
}
