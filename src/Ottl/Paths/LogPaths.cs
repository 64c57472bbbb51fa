using MiniCollector.Otlp.Logs;

namespace MiniCollector.Ottl;

/// <summary>The paths of the log context.</summary>
internal static class LogPaths
{
    public static readonly Dictionary<string, Field> Table = FieldKit.Table(
        new Field(
            "body",
            "any",
            (ref EvalContext c) => OttlValue.From(c.Log!.Body),
            (ref EvalContext c, in OttlValue v) =>
            {
                var log = c.Log!;
                if (v.SameAs(log.Body))
                {
                    return false;
                }

                log.Body = v.IsNil ? null : v.ToAnyValue();
                return true;
            },
            takesKeys: true),
        FieldKit.Attributes("log.attributes", (ref EvalContext c) => c.Log!.Attributes),
        FieldKit.Int(
            "severity_number",
            "log.severity_number",
            (ref EvalContext c) => (long)c.Log!.SeverityNumber,
            (ref EvalContext c, long v) => c.Log!.SeverityNumber = (SeverityNumber)v,
            v => v is >= 0 and <= 24 ? null : $"must be a SEVERITY_NUMBER_* value (0-24), got {v}"),
        FieldKit.String("severity_text", "log.severity_text", (ref EvalContext c) => c.Log!.SeverityText, (ref EvalContext c, string v) => c.Log!.SeverityText = v),
        FieldKit.UInt64("time_unix_nano", "log.time_unix_nano", (ref EvalContext c) => c.Log!.TimeUnixNano, (ref EvalContext c, ulong v) => c.Log!.TimeUnixNano = v),
        FieldKit.UInt64("observed_time_unix_nano", "log.observed_time_unix_nano", (ref EvalContext c) => c.Log!.ObservedTimeUnixNano, (ref EvalContext c, ulong v) => c.Log!.ObservedTimeUnixNano = v),
        new Field("trace_id", "bytes", (ref EvalContext c) => FieldValues.Id(c.Log!.TraceId, 16), (ref EvalContext c, in OttlValue v) => SetTraceId(c.Log!, FieldValues.IdBytes(v, "log.trace_id", 16))),
        new Field("trace_id.string", "string", (ref EvalContext c) => FieldValues.IdText(c.Log!.TraceId), (ref EvalContext c, in OttlValue v) => SetTraceId(c.Log!, FieldValues.IdFromText(v, "log.trace_id.string", 16))),
        new Field("span_id", "bytes", (ref EvalContext c) => FieldValues.Id(c.Log!.SpanId, 8), (ref EvalContext c, in OttlValue v) => SetSpanId(c.Log!, FieldValues.IdBytes(v, "log.span_id", 8))),
        new Field("span_id.string", "string", (ref EvalContext c) => FieldValues.IdText(c.Log!.SpanId), (ref EvalContext c, in OttlValue v) => SetSpanId(c.Log!, FieldValues.IdFromText(v, "log.span_id.string", 8))),
        FieldKit.UInt32("flags", "log.flags", (ref EvalContext c) => c.Log!.Flags, (ref EvalContext c, uint v) => c.Log!.Flags = v),
        FieldKit.UInt32("dropped_attributes_count", "log.dropped_attributes_count", (ref EvalContext c) => c.Log!.DroppedAttributesCount, (ref EvalContext c, uint v) => c.Log!.DroppedAttributesCount = v),
        FieldKit.String("event_name", "log.event_name", (ref EvalContext c) => c.Log!.EventName, (ref EvalContext c, string v) => c.Log!.EventName = v));

    private static bool SetTraceId(LogRecord log, Google.Protobuf.ByteString id)
    {
        bool changed = !log.TraceId.Span.SequenceEqual(id.Span);
        log.TraceId = id;
        return changed;
    }

    private static bool SetSpanId(LogRecord log, Google.Protobuf.ByteString id)
    {
        bool changed = !log.SpanId.Span.SequenceEqual(id.Span);
        log.SpanId = id;
        return changed;
    }
}
