using System.Globalization;
using System.Text;
using System.Text.Json;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp;

namespace MiniCollector.Connectors.Count;

/// <summary>The text a count data point carries for an attribute value that is neither a string nor a number.</summary>
internal static class CountValueText
{
    /// <summary>true/false, base64 bytes, JSON for arrays and maps, empty for an empty value.</summary>
    public static string Of(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => Json(value),
        _ => string.Empty,
    };

    private static string Json(AnyValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            AnyValueJson.Write(writer, value, d => d.ToString(CultureInfo.InvariantCulture));
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
