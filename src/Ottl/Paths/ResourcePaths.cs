namespace MiniCollector.Ottl;

/// <summary>The paths of the resource context (and of <c>resource.*</c> in the contexts below it).</summary>
internal static class ResourcePaths
{
    public static readonly Dictionary<string, Field> Table = FieldKit.Table(
        FieldKit.Attributes("resource.attributes", (ref EvalContext c) => c.Resource?.Attributes),
        new Field(
            "dropped_attributes_count",
            "int",
            (ref EvalContext c) => OttlValue.Of((long)(c.Resource?.DroppedAttributesCount ?? 0)),
            (ref EvalContext c, in OttlValue v) =>
            {
                var resource = c.Resource ?? throw FieldKit.Missing("resource.dropped_attributes_count");
                uint value = FieldValues.UInt32(v, "resource.dropped_attributes_count");
                bool changed = resource.DroppedAttributesCount != value;
                resource.DroppedAttributesCount = value;
                return changed;
            }));
}
