using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>How the pages' JSON writes OTLP values: attributes as objects (secrets redacted), ids as lowercase hex.</summary>
internal static class OtlpValues
{
    /// <summary>The service a resource names, as the SDKs default it when absent.</summary>
    public const string UnknownService = "unknown_service";

    /// <summary>The resource's <c>service.name</c>.</summary>
    public static string ServiceName(Resource? resource)
    {
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key == "service.name" && attribute.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
                {
                    return attribute.Value.StringValue;
                }
            }
        }

        return UnknownService;
    }

    /// <summary>An id as lowercase hex; empty for an empty id.</summary>
    public static string Hex(ByteString id) => id.IsEmpty ? string.Empty : Convert.ToHexStringLower(id.Span);

    /// <summary>Writes <c>"name": {key: value, ...}</c>.</summary>
    public static void WriteAttributes(Utf8JsonWriter writer, ReadOnlySpan<byte> name, RepeatedField<KeyValue> attributes)
    {
        writer.WriteStartObject(name);
        foreach (var attribute in attributes)
        {
            writer.WritePropertyName(attribute.Key);
            if (SecretAttributes.IsSecret(attribute.Key))
            {
                writer.WriteStringValue(SecretAttributes.Redacted);
            }
            else
            {
                WriteValue(writer, attribute.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes an AnyValue as the JSON value it is (bytes as base64, nested arrays and maps as JSON, secrets redacted).</summary>
    public static void WriteValue(Utf8JsonWriter writer, AnyValue? value)
        => AnyValueJson.Write(writer, value, NonFinite, key => SecretAttributes.IsSecret(key) ? SecretAttributes.Redacted : null);

    /// <summary>A number JSON can carry; NaN and infinities (valid in OTLP) become strings.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(NonFinite(value));
        }
    }

    private static string NonFinite(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A log body or attribute value as one line of text (what the attribute filter and the log list match).</summary>
    public static string Text(AnyValue? value)
    {
        var builder = new StringBuilder();
        AppendText(builder, value);
        return builder.ToString();
    }

    /// <summary>True when any attribute's <c>key=value</c> text contains <paramref name="needle"/> (case-insensitive).</summary>
    public static bool AttributesContain(RepeatedField<KeyValue> attributes, string needle)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!SecretAttributes.IsSecret(attribute.Key) && Text(attribute.Value).Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendText(StringBuilder builder, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                builder.Append(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                builder.Append(value.BoolValue ? "true" : "false");
                break;
            case AnyValue.ValueOneofCase.IntValue:
                builder.Append(value.IntValue.ToString(CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                builder.Append(value.DoubleValue.ToString(CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                builder.Append(value.BytesValue.ToBase64());
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                builder.Append('[');
                for (int i = 0; i < value.ArrayValue.Values.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    AppendText(builder, value.ArrayValue.Values[i]);
                }

                builder.Append(']');
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                builder.Append('{');
                for (int i = 0; i < value.KvlistValue.Values.Count; i++)
                {
                    var pair = value.KvlistValue.Values[i];
                    builder.Append(i == 0 ? string.Empty : ", ").Append(pair.Key).Append('=');
                    if (SecretAttributes.IsSecret(pair.Key))
                    {
                        builder.Append(SecretAttributes.Redacted);
                    }
                    else
                    {
                        AppendText(builder, pair.Value);
                    }
                }

                builder.Append('}');
                break;
        }
    }

    /// <summary>Writes <c>"{name}UnixNano": "…"</c> (exact, as a string) and <c>"{name}Ms": …</c> (for JavaScript dates).</summary>
    public static void WriteTime(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ulong unixNano)
    {
        var nanoName = new byte[name.Length + 8];
        name.CopyTo(nanoName);
        "UnixNano"u8.CopyTo(nanoName.AsSpan(name.Length));
        writer.WriteString(nanoName, unixNano.ToString(CultureInfo.InvariantCulture));
        var msName = new byte[name.Length + 2];
        name.CopyTo(msName);
        "Ms"u8.CopyTo(msName.AsSpan(name.Length));
        writer.WriteNumber(msName, unixNano / 1_000_000);
    }

    /// <summary>Nanoseconds as fractional milliseconds.</summary>
    public static double Milliseconds(ulong nanos) => nanos / 1_000_000.0;
}
