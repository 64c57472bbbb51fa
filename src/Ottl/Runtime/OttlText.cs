using System.Globalization;
using System.Text;
using System.Text.Json;
using MiniCollector.Otlp;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>
/// Values as text, the way OTTL's string-like arguments take them: strings as they are, numbers and booleans as
/// literals, bytes as lowercase hex, maps and lists as JSON; nil has no text.
/// </summary>
internal static class OttlText
{
    /// <summary>The value as text; null for nil.</summary>
    public static string? Of(in OttlValue value) => value.Kind switch
    {
        OttlValueKind.String => value.String,
        OttlValueKind.Int => value.Int.ToString(CultureInfo.InvariantCulture),
        OttlValueKind.Double => Double(value.Double),
        OttlValueKind.Bool => value.Bool ? "true" : "false",
        OttlValueKind.Bytes => Convert.ToHexStringLower(value.Bytes.Span),
        OttlValueKind.Map or OttlValueKind.List => Json(value),
        _ => null,
    };

    /// <summary>A double as Go's <c>strconv.FormatFloat(f, 'f', -1, 64)</c> writes it: shortest digits, no exponent.</summary>
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

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('E', StringComparison.Ordinal))
        {
            return text;
        }

        // Spell the exponent out: the round-trip digits moved by the exponent.
        int e = text.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = text[..e];
        bool negative = mantissa.StartsWith('-');
        var digits = mantissa.TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal);
        int point = (mantissa.TrimStart('-').IndexOf('.', StringComparison.Ordinal) is var p && p >= 0 ? p : mantissa.TrimStart('-').Length) + exponent;
        string result = point <= 0
            ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length) : digits[..point] + "." + digits[point..];
        return negative ? "-" + result : result;
    }

    /// <summary>A map or list as JSON.</summary>
    public static string Json(in OttlValue value)
    {
        var wrapper = new AnyValue();
        if (value.Kind == OttlValueKind.Map)
        {
            var kv = new KeyValueList();
            kv.Values.Add(value.Map);
            wrapper.KvlistValue = kv;
        }
        else
        {
            var array = new ArrayValue();
            array.Values.Add(value.List);
            wrapper.ArrayValue = array;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            AnyValueJson.Write(writer, wrapper, Double);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
