namespace MiniCollector.Ottl;

/// <summary>The paths of the scope context (and of <c>scope.*</c> / <c>instrumentation_scope.*</c> below it).</summary>
internal static class ScopePaths
{
    public static readonly Dictionary<string, Field> Table = FieldKit.Table(
        new Field(
            "name",
            "string",
            (ref EvalContext c) => OttlValue.Of(c.Scope?.Name ?? string.Empty),
            (ref EvalContext c, in OttlValue v) =>
            {
                var scope = c.Scope ?? throw FieldKit.Missing("instrumentation_scope.name");
                var value = FieldValues.String(v, "instrumentation_scope.name");
                bool changed = scope.Name != value;
                scope.Name = value;
                return changed;
            }),
        new Field(
            "version",
            "string",
            (ref EvalContext c) => OttlValue.Of(c.Scope?.Version ?? string.Empty),
            (ref EvalContext c, in OttlValue v) =>
            {
                var scope = c.Scope ?? throw FieldKit.Missing("instrumentation_scope.version");
                var value = FieldValues.String(v, "instrumentation_scope.version");
                bool changed = scope.Version != value;
                scope.Version = value;
                return changed;
            }),
        FieldKit.Attributes("instrumentation_scope.attributes", (ref EvalContext c) => c.Scope?.Attributes),
        new Field(
            "dropped_attributes_count",
            "int",
            (ref EvalContext c) => OttlValue.Of((long)(c.Scope?.DroppedAttributesCount ?? 0)),
            (ref EvalContext c, in OttlValue v) =>
            {
                var scope = c.Scope ?? throw FieldKit.Missing("instrumentation_scope.dropped_attributes_count");
                uint value = FieldValues.UInt32(v, "instrumentation_scope.dropped_attributes_count");
                bool changed = scope.DroppedAttributesCount != value;
                scope.DroppedAttributesCount = value;
                return changed;
            }));
}
