using MiniCollector.Otlp.Trace;

namespace MiniCollector.Ottl;

/// <summary>The paths of the span context (and of <c>span.*</c> in the span event context).</summary>
internal static class SpanPaths
{
    public static readonly Dictionary<string, Field> Table = FieldKit.Table(
        FieldKit.Attributes("span.attributes", (ref EvalContext c) => c.Span!.Attributes),
        new Field("trace_id", "bytes", (ref EvalContext c) => FieldValues.Id(c.Span!.TraceId, 16), (ref EvalContext c, in OttlValue v) => SetTraceId(c.Span!, FieldValues.IdBytes(v, "span.trace_id", 16))),
        new Field("trace_id.string", "string", (ref EvalContext c) => FieldValues.IdText(c.Span!.TraceId), (ref EvalContext c, in OttlValue v) => SetTraceId(c.Span!, FieldValues.IdFromText(v, "span.trace_id.string", 16))),
        new Field("span_id", "bytes", (ref EvalContext c) => FieldValues.Id(c.Span!.SpanId, 8), (ref EvalContext c, in OttlValue v) => SetSpanId(c.Span!, FieldValues.IdBytes(v, "span.span_id", 8))),
        new Field("span_id.string", "string", (ref EvalContext c) => FieldValues.IdText(c.Span!.SpanId), (ref EvalContext c, in OttlValue v) => SetSpanId(c.Span!, FieldValues.IdFromText(v, "span.span_id.string", 8))),
        new Field("parent_span_id", "bytes", (ref EvalContext c) => FieldValues.Id(c.Span!.ParentSpanId, 8), (ref EvalContext c, in OttlValue v) => SetParent(c.Span!, FieldValues.IdBytes(v, "span.parent_span_id", 8))),
        new Field("parent_span_id.string", "string", (ref EvalContext c) => FieldValues.IdText(c.Span!.ParentSpanId), (ref EvalContext c, in OttlValue v) => SetParent(c.Span!, FieldValues.IdFromText(v, "span.parent_span_id.string", 8))),
        FieldKit.String("trace_state", "span.trace_state", (ref EvalContext c) => c.Span!.TraceState, (ref EvalContext c, string v) => c.Span!.TraceState = v),
        FieldKit.Int(
            "status.code",
            "span.status.code",
            (ref EvalContext c) => (long)(c.Span!.Status?.Code ?? Status.Types.StatusCode.Unset),
            (ref EvalContext c, long v) => (c.Span!.Status ??= new Status()).Code = (Status.Types.StatusCode)v,
            v => v is >= 0 and <= 2 ? null : $"must be STATUS_CODE_UNSET, STATUS_CODE_OK or STATUS_CODE_ERROR (0-2), got {v}"),
        FieldKit.String("status.message", "span.status.message", (ref EvalContext c) => c.Span!.Status?.Message ?? string.Empty, (ref EvalContext c, string v) => (c.Span!.Status ??= new Status()).Message = v),
        FieldKit.String("name", "span.name", (ref EvalContext c) => c.Span!.Name, (ref EvalContext c, string v) => c.Span!.Name = v),
        FieldKit.Int(
            "kind",
            "span.kind",
            (ref EvalContext c) => (long)c.Span!.Kind,
            (ref EvalContext c, long v) => c.Span!.Kind = (Span.Types.SpanKind)v,
            v => v is >= 0 and <= 5 ? null : $"must be a SPAN_KIND_* value (0-5), got {v}"),
        FieldKit.UInt64("start_time_unix_nano", "span.start_time_unix_nano", (ref EvalContext c) => c.Span!.StartTimeUnixNano, (ref EvalContext c, ulong v) => c.Span!.StartTimeUnixNano = v),
        FieldKit.UInt64("end_time_unix_nano", "span.end_time_unix_nano", (ref EvalContext c) => c.Span!.EndTimeUnixNano, (ref EvalContext c, ulong v) => c.Span!.EndTimeUnixNano = v),
        FieldKit.UInt32("dropped_attributes_count", "span.dropped_attributes_count", (ref EvalContext c) => c.Span!.DroppedAttributesCount, (ref EvalContext c, uint v) => c.Span!.DroppedAttributesCount = v),
        FieldKit.UInt32("dropped_events_count", "span.dropped_events_count", (ref EvalContext c) => c.Span!.DroppedEventsCount, (ref EvalContext c, uint v) => c.Span!.DroppedEventsCount = v),
        FieldKit.UInt32("dropped_links_count", "span.dropped_links_count", (ref EvalContext c) => c.Span!.DroppedLinksCount, (ref EvalContext c, uint v) => c.Span!.DroppedLinksCount = v));

    private static bool SetTraceId(Span span, Google.Protobuf.ByteString id)
    {
        bool changed = !span.TraceId.Span.SequenceEqual(id.Span);
        span.TraceId = id;
        return changed;
    }

    private static bool SetSpanId(Span span, Google.Protobuf.ByteString id)
    {
        bool changed = !span.SpanId.Span.SequenceEqual(id.Span);
        span.SpanId = id;
        return changed;
    }

    private static bool SetParent(Span span, Google.Protobuf.ByteString id)
    {
        bool changed = !span.ParentSpanId.Span.SequenceEqual(id.Span);
        span.ParentSpanId = id;
        return changed;
    }
}
