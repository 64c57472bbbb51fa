using System.Globalization;
using System.Text;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Exporters.Prometheus.Translation;

public static partial class PrometheusNames
{
    /// <summary>
    /// An OTLP attribute value as label text, by the spec's "AnyValue representation for non-OTLP protocols".
    /// </summary>
    /// <remarks>
    /// Strings as-is; booleans <c>true</c>/<c>false</c>; integers in decimal; doubles as JSON numbers with the
    /// shortest round-trip digits (<c>0.1</c>, <c>1e+21</c>, <c>1e-7</c>) and <c>NaN</c>, <c>Infinity</c>,
    /// <c>-Infinity</c>; bytes in standard base64; arrays and maps as compact JSON, where non-finite doubles are
    /// the strings <c>"NaN"</c>/<c>"Infinity"</c>/<c>"-Infinity"</c>, bytes are base64 strings and empty values
    /// <c>null</c>. Map members are sorted by key (ordinal; a repeated key keeps its last value) as the reference
    /// collector writes them, so equal maps give equal labels. An empty value (or the profiles-only string index)
    /// is the empty string.
    /// </remarks>
    public static string AnyValueText(AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                return value.StringValue;
            case AnyValue.ValueOneofCase.BoolValue:
                return value.BoolValue ? "true" : "false";
            case AnyValue.ValueOneofCase.IntValue:
                return value.IntValue.ToString(CultureInfo.InvariantCulture);
            case AnyValue.ValueOneofCase.DoubleValue:
                return DoubleText(value.DoubleValue);
            case AnyValue.ValueOneofCase.BytesValue:
                return Convert.ToBase64String(value.BytesValue.Span);
            case AnyValue.ValueOneofCase.ArrayValue:
            case AnyValue.ValueOneofCase.KvlistValue:
                var json = new StringBuilder();
                AppendJson(json, value);
                return json.ToString();
            default:
                return string.Empty;
        }
    }

    private static string DoubleText(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : NumberText.Format(value);

    private static void AppendJson(StringBuilder json, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                AppendJsonString(json, value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                json.Append(value.BoolValue ? "true" : "false");
                break;
            case AnyValue.ValueOneofCase.IntValue:
                json.Append(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue):
                NumberText.Append(json, value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                json.Append('"').Append(DoubleText(value.DoubleValue)).Append('"');
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                json.Append('"').Append(Convert.ToBase64String(value.BytesValue.Span)).Append('"');
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.Append('[');
                var items = value.ArrayValue.Values;
                for (int i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        json.Append(',');
                    }

                    AppendJson(json, items[i]);
                }

                json.Append(']');
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                AppendJsonObject(json, value.KvlistValue.Values);
                break;
            default:
                json.Append("null");
                break;
        }
    }

    private static void AppendJsonObject(StringBuilder json, IReadOnlyList<KeyValue> members)
    {
        // Sorted by key, the last of equal keys winning: the order a map gives, independent of the sender's order.
        var order = new int[members.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int c = string.CompareOrdinal(members[a].Key, members[b].Key);
            return c != 0 ? c : a.CompareTo(b);
        });

        json.Append('{');
        bool first = true;
        for (int i = 0; i < order.Length; i++)
        {
            var member = members[order[i]];
            if (i + 1 < order.Length && string.Equals(members[order[i + 1]].Key, member.Key, StringComparison.Ordinal))
            {
                continue;
            }

            if (!first)
            {
                json.Append(',');
            }

            first = false;
            AppendJsonString(json, member.Key);
            json.Append(':');
            AppendJson(json, member.Value);
        }

        json.Append('}');
    }

    private static void AppendJsonString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                case '\b':
                    json.Append("\\b");
                    break;
                case '\f':
                    json.Append("\\f");
                    break;
                case < ' ':
                    json.Append("\\u00").Append(HexDigit(c >> 4)).Append(HexDigit(c & 0xF));
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }

        json.Append('"');
    }

    private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
