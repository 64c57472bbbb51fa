using System.Globalization;
using System.Text;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Exporters.Debug;

/// <summary>The debug exporter's <c>detailed</c> verbosity: every field, in the reference collector's layout.</summary>
/// <remarks>
/// The line shapes (<c>ResourceSpans #0</c>, <c>     -> k: Str(v)</c>, <c>    Trace ID       : ...</c>) follow the Go
/// collector's <c>otlptext</c> marshaler because users grep this output. Fields the reference never prints (span,
/// link and data point flags, dropped counts on resources, scopes and log records) get a line only when non-zero, so
/// ordinary data prints exactly the reference lines. The per-signal parts live in the other partial files.
/// </remarks>
public static partial class DetailedFormatter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Arrow = "     ->";
    private const string NestedArrow = "          ->";

    private static void AppendResource(StringBuilder sb, MiniCollector.Otlp.Resource.Resource? resource, string schemaUrl)
    {
        sb.Append("Resource SchemaURL: ").Append(schemaUrl).Append('\n');
        if (resource is null)
        {
            return;
        }

        AppendAttributes(sb, "Resource attributes", resource.Attributes);
        AppendIfNonZero(sb, "Resource DroppedAttributesCount: ", resource.DroppedAttributesCount);
        AppendEntityRefs(sb, resource.EntityRefs);
    }

    private static void AppendScope(StringBuilder sb, string label, InstrumentationScope? scope, string schemaUrl)
    {
        sb.Append(label).Append(" SchemaURL: ").Append(schemaUrl).Append('\n');
        // Name and version are printed even when empty (two spaces), exactly like the reference.
        sb.Append("InstrumentationScope ").Append(scope?.Name).Append(' ').Append(scope?.Version).Append('\n');
        if (scope is null)
        {
            return;
        }

        AppendAttributes(sb, "InstrumentationScope attributes", scope.Attributes);
        AppendIfNonZero(sb, "InstrumentationScope DroppedAttributesCount: ", scope.DroppedAttributesCount);
    }

    private static void AppendEntityRefs(StringBuilder sb, RepeatedField<EntityRef> refs)
    {
        if (refs.Count == 0)
        {
            return;
        }

        sb.Append("Resource entity refs:\n");
        for (int i = 0; i < refs.Count; i++)
        {
            var entity = refs[i];
            sb.Append(Inv, $"{Arrow} Entity ref #{i}:\n");
            sb.Append(NestedArrow).Append(" Type: ").Append(entity.Type).Append('\n');
            if (entity.SchemaUrl.Length > 0)
            {
                sb.Append(NestedArrow).Append(" Schema URL: ").Append(entity.SchemaUrl).Append('\n');
            }

            AppendKeys(sb, "ID keys", entity.IdKeys);
            AppendKeys(sb, "Description keys", entity.DescriptionKeys);
        }
    }

    private static void AppendKeys(StringBuilder sb, string header, RepeatedField<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        sb.Append(NestedArrow).Append(' ').Append(header).Append(":\n");
        foreach (string key in keys)
        {
            sb.Append("               -> ").Append(key).Append('\n');
        }
    }

    /// <summary>
    /// <c>header:</c> then one <c>-> key: Type(value)</c> line per attribute; nothing at all when there are none.
    /// </summary>
    /// <remarks>
    /// A header that itself starts with an arrow (<c>     -> Attributes:</c>) nests the list one level deeper. The
    /// reference appends <c>:</c> to such headers too, which is where its <c>Attributes::</c> comes from.
    /// </remarks>
    private static void AppendAttributes(StringBuilder sb, string header, RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return;
        }

        sb.Append(header).Append(":\n");
        string arrow = header.StartsWith(Arrow, StringComparison.Ordinal) ? NestedArrow : Arrow;
        for (int i = 0; i < attributes.Count; i++)
        {
            sb.Append(arrow).Append(' ').Append(attributes[i].Key).Append(": ");
            DebugText.AppendTypedValue(sb, attributes[i].Value);
            sb.Append('\n');
        }
    }

    private static void AppendIfNonZero(StringBuilder sb, string label, uint value)
    {
        if (value != 0)
        {
            sb.Append(label).Append(Inv, $"{value}").Append('\n');
        }
    }

    private static void AppendTimestampLine(StringBuilder sb, string label, ulong unixNanos)
    {
        sb.Append(label);
        DebugText.AppendTimestamp(sb, unixNanos);
        sb.Append('\n');
    }
}
