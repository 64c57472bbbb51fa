using System.Globalization;
using System.Text;
using System.Text.Json;
using MiniCollector.Otlp;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Processors.Shared.Attributes;

/// <summary>
/// An attribute value as text, the way the reference's pdata <c>AsString</c> renders it: strings as they are, numbers
/// and booleans as literals, bytes as base64, arrays and maps as JSON, an empty value as "". Matching (service names,
/// log bodies) and <c>convert</c> to string use it, so they see what the reference sees.
/// </summary>
internal static class ValueText
{
    /// <summary>The value as text.</summary>
    public static string Of(AnyValue? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                return value.StringValue;
            case AnyValue.ValueOneofCase.BoolValue:
                return value.BoolValue ? "true" : "false";
            case AnyValue.ValueOneofCase.IntValue:
                return value.IntValue.ToString(CultureInfo.InvariantCulture);
            case AnyValue.ValueOneofCase.DoubleValue:
                return Double(value.DoubleValue);
            case AnyValue.ValueOneofCase.BytesValue:
                return Convert.ToBase64String(value.BytesValue.Span);
            case AnyValue.ValueOneofCase.ArrayValue:
            case AnyValue.ValueOneofCase.KvlistValue:
                using (var stream = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(stream))
                    {
                        AnyValueJson.Write(writer, value, Double);
                    }

                    return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
                }

            default:
                return string.Empty;
        }
    }

    /// <summary>A double as text: the shortest round-trip form, an exponent only for very small or large magnitudes.</summary>
    public static string Double(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }

        // Close to Go's form: .NET's shortest round-trip text with Go's lower-case exponent ("1E-07" → "1e-07"), and
        // digits rather than an exponent from 1e15 up to 1e21 as Go writes them.
        double abs = Math.Abs(d);
        if (abs >= 1e15 && abs < 1e21)
        {
            return d.ToString("F0", CultureInfo.InvariantCulture);
        }

        return d.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
    }
}
