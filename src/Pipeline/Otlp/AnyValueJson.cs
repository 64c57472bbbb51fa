using System.Text.Json;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Otlp;

/// <summary>
/// Writes an OTLP <c>AnyValue</c> as the JSON value it is: strings, booleans, integers and finite doubles as JSON
/// literals, bytes as base64, arrays and maps as JSON, an empty value as <c>null</c>. JSON cannot carry NaN or the
/// infinities, so the caller says how they read as text; a caller may also replace map members' values by key (the
/// zpages never echo a secret).
/// </summary>
public static class AnyValueJson
{
    /// <summary>
    /// Writes <paramref name="value"/>; <paramref name="nonFinite"/> names NaN and the infinities, and
    /// <paramref name="replaceMember"/>, given a map key, returns the text to write instead of its value, or null.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, AnyValue? value, Func<double, string> nonFinite, Func<string, string?>? replaceMember = null)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WriteNumberValue(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue):
                writer.WriteNumberValue(value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                writer.WriteStringValue(nonFinite(value.DoubleValue));
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                writer.WriteBase64StringValue(value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    Write(writer, item, nonFinite, replaceMember);
                }

                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var member in value.KvlistValue.Values)
                {
                    writer.WritePropertyName(member.Key);
                    if (replaceMember?.Invoke(member.Key) is { } replacement)
                    {
                        writer.WriteStringValue(replacement);
                    }
                    else
                    {
                        Write(writer, member.Value, nonFinite, replaceMember);
                    }
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
