namespace MiniCollector.Ottl;

/// <summary>The paths of the span event context.</summary>
internal static class SpanEventPaths
{
    public static readonly Dictionary<string, Field> Table = FieldKit.Table(
        FieldKit.String("name", "spanevent.name", (ref EvalContext c) => c.Event!.Name, (ref EvalContext c, string v) => c.Event!.Name = v),
        FieldKit.UInt64("time_unix_nano", "spanevent.time_unix_nano", (ref EvalContext c) => c.Event!.TimeUnixNano, (ref EvalContext c, ulong v) => c.Event!.TimeUnixNano = v),
        FieldKit.Attributes("spanevent.attributes", (ref EvalContext c) => c.Event!.Attributes),
        FieldKit.UInt32("dropped_attributes_count", "spanevent.dropped_attributes_count", (ref EvalContext c) => c.Event!.DroppedAttributesCount, (ref EvalContext c, uint v) => c.Event!.DroppedAttributesCount = v));
}
