using System.Globalization;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary>
/// <c>convert</c>: changes the type of the value of <c>key</c> to <c>int</c>, <c>double</c> or <c>string</c> where
/// the reference can: a double to int truncates, a bool becomes 1/0, a string is parsed (and left as it is when it
/// does not parse); anything becomes a string through its text form. Values that cannot convert stay as they are.
/// </summary>
internal sealed class ConvertAction(string key, ConvertedType to) : AttributeAction
{
    /// <inheritdoc />
    public override bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata)
    {
        int index = AttributeList.IndexOf(attributes, key);
        if (index < 0)
        {
            return false;
        }

        var entry = attributes[index];
        var converted = Convert(entry.Value ?? new AnyValue(), to);
        if (converted is null)
        {
            return false;
        }

        entry.Value = converted;
        return true;
    }

    /// <summary>The converted value, or null when it already has the type or cannot be converted.</summary>
    public static AnyValue? Convert(AnyValue value, ConvertedType to) => (to, value.ValueCase) switch
    {
        (ConvertedType.String, AnyValue.ValueOneofCase.StringValue) => null,
        (ConvertedType.String, _) => new AnyValue { StringValue = ValueText.Of(value) },
        (ConvertedType.Int, AnyValue.ValueOneofCase.DoubleValue) => new AnyValue { IntValue = Truncate(value.DoubleValue) },
        (ConvertedType.Int, AnyValue.ValueOneofCase.BoolValue) => new AnyValue { IntValue = value.BoolValue ? 1 : 0 },
        (ConvertedType.Int, AnyValue.ValueOneofCase.StringValue) when ParseInt(value.StringValue) is { } n => new AnyValue { IntValue = n },
        (ConvertedType.Double, AnyValue.ValueOneofCase.IntValue) => new AnyValue { DoubleValue = value.IntValue },
        (ConvertedType.Double, AnyValue.ValueOneofCase.BoolValue) => new AnyValue { DoubleValue = value.BoolValue ? 1 : 0 },
        (ConvertedType.Double, AnyValue.ValueOneofCase.StringValue) when ParseDouble(value.StringValue) is { } d => new AnyValue { DoubleValue = d },
        _ => null,
    };

    // Go's int64(f) for a double out of range is undefined; saturating is the sane reading of it.
    private static long Truncate(double d) => double.IsNaN(d) ? 0 : d >= long.MaxValue ? long.MaxValue : d <= long.MinValue ? long.MinValue : (long)d;

    // As Go's strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, nothing else.
    private static long? ParseInt(string text)
        => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n : null;

    // As Go's strconv.ParseFloat(s, 64), including its spellings of infinity and NaN.
    private static double? ParseDouble(string text)
    {
        var t = text.TrimStart('+');
        if (t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (t is ['-', ..] && (t[1..].Equals("inf", StringComparison.OrdinalIgnoreCase) || t[1..].Equals("infinity", StringComparison.OrdinalIgnoreCase)))
        {
            return double.NegativeInfinity;
        }

        if (t.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null;
    }
}
