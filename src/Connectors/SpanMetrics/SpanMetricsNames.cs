namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>The attribute and metric names the connector writes, the reference's.</summary>
public static class SpanMetricsNames
{
    /// <summary>The service's name: the resource's <c>service.name</c>, and a data point attribute.</summary>
    public const string ServiceName = "service.name";

    /// <summary>The span's name.</summary>
    public const string SpanName = "span.name";

    /// <summary>The span's kind as <c>SPAN_KIND_*</c>.</summary>
    public const string SpanKind = "span.kind";

    /// <summary>The span's status code as <c>STATUS_CODE_*</c>.</summary>
    public const string StatusCode = "status.code";

    /// <summary>The instrumentation scope's name, for scopes in <c>include_instrumentation_scope</c>.</summary>
    public const string ScopeName = "span.instrumentation.scope.name";

    /// <summary>The instrumentation scope's version, for scopes in <c>include_instrumentation_scope</c>.</summary>
    public const string ScopeVersion = "span.instrumentation.scope.version";

    /// <summary>Marks the series that takes what goes over <c>aggregation_cardinality_limit</c>.</summary>
    public const string Overflow = "otel.metric.overflow";

    /// <summary>The scope name of the metrics the connector sends.</summary>
    public const string ScopeOfMetrics = "spanmetricsconnector";

    /// <summary>The calls sum, before the namespace.</summary>
    public const string Calls = "calls";

    /// <summary>The duration histogram, before the namespace.</summary>
    public const string Duration = "duration";

    /// <summary>The events sum, before the namespace.</summary>
    public const string Events = "events";

    private static readonly string[] Kinds = ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"];
    private static readonly string[] Statuses = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    /// <summary>The <c>span.kind</c> value of a kind number; empty for a number OTLP does not define, as the reference.</summary>
    public static string KindText(int kind) => (uint)kind < (uint)Kinds.Length ? Kinds[kind] : string.Empty;

    /// <summary>The <c>status.code</c> value of a status code number; empty for a number OTLP does not define.</summary>
    public static string StatusText(int code) => (uint)code < (uint)Statuses.Length ? Statuses[code] : string.Empty;
}
