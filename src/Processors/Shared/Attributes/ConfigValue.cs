using System.Globalization;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Processors.Shared.Attributes;

/// <summary>
/// A value written in the config (<c>value</c>, <c>default_value</c>, a match's <c>value</c>) as an attribute value,
/// typed as YAML types it: unquoted <c>true</c>/<c>false</c> a bool, an unquoted integer an int, an unquoted decimal
/// number a double, anything quoted or else a string, a list an array, a map a map.
/// </summary>
internal static class ConfigValue
{
    /// <summary>The typed value; null for an absent or YAML-null node.</summary>
    public static AnyValue? From(ConfigNode? node)
    {
        switch (node)
        {
            case null:
            case ConfigScalar { Value: null }:
                return null;
            case ConfigScalar scalar:
                return Scalar(scalar.Value, scalar.Quoted);
            case ConfigList list:
                var array = new ArrayValue();
                foreach (var item in list.Items)
                {
                    array.Values.Add(From(item) ?? new AnyValue());
                }

                return new AnyValue { ArrayValue = array };
            case ConfigMap map:
                var kv = new KeyValueList();
                foreach (var (key, value) in map.Entries)
                {
                    kv.Values.Add(new KeyValue { Key = key, Value = From(value) ?? new AnyValue() });
                }

                return new AnyValue { KvlistValue = kv };
            default:
                return null;
        }
    }

    private static AnyValue Scalar(string text, bool quoted)
    {
        if (!quoted)
        {
            if (text is "true" or "True" or "TRUE")
            {
                return new AnyValue { BoolValue = true };
            }

            if (text is "false" or "False" or "FALSE")
            {
                return new AnyValue { BoolValue = false };
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
            {
                return new AnyValue { IntValue = integer };
            }

            if (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            {
                return new AnyValue { DoubleValue = number };
            }
        }

        return new AnyValue { StringValue = text };
    }
}
