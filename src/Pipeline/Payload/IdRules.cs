namespace MiniCollector.Pipeline.Payload;

/// <summary>Every OTLP id field's rule (trace ids are 16 bytes, span ids 8; the spec's required ones may not be empty).</summary>
public static class IdRules
{
    /// <summary>Length of a trace id.</summary>
    public const int TraceIdLength = 16;

    /// <summary>Length of a span id.</summary>
    public const int SpanIdLength = 8;

    private const string Span = "opentelemetry.proto.trace.v1.Span";
    private const string Link = "opentelemetry.proto.trace.v1.Span.Link";
    private const string LogRecord = "opentelemetry.proto.logs.v1.LogRecord";
    private const string Exemplar = "opentelemetry.proto.metrics.v1.Exemplar";

    public static readonly IdRule SpanTraceId = new(Span, "trace_id", "trace_id", TraceIdLength, Required: true);
    public static readonly IdRule SpanSpanId = new(Span, "span_id", "span_id", SpanIdLength, Required: true);
    public static readonly IdRule SpanParentSpanId = new(Span, "parent_span_id", "parent_span_id", SpanIdLength, Required: false);
    public static readonly IdRule LinkTraceId = new(Link, "trace_id", "links.trace_id", TraceIdLength, Required: true);
    public static readonly IdRule LinkSpanId = new(Link, "span_id", "links.span_id", SpanIdLength, Required: true);
    public static readonly IdRule LogRecordTraceId = new(LogRecord, "trace_id", "trace_id", TraceIdLength, Required: false);
    public static readonly IdRule LogRecordSpanId = new(LogRecord, "span_id", "span_id", SpanIdLength, Required: false);
    public static readonly IdRule ExemplarTraceId = new(Exemplar, "trace_id", "exemplar trace_id", TraceIdLength, Required: false);
    public static readonly IdRule ExemplarSpanId = new(Exemplar, "span_id", "exemplar span_id", SpanIdLength, Required: false);

    /// <summary>Every rule.</summary>
    public static IReadOnlyList<IdRule> All { get; } =
        [SpanTraceId, SpanSpanId, SpanParentSpanId, LinkTraceId, LinkSpanId, LogRecordTraceId, LogRecordSpanId, ExemplarTraceId, ExemplarSpanId];
}
