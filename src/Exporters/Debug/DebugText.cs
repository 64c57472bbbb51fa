using System.Globalization;
using System.Text;
using Google.Protobuf;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Exporters.Debug;

/// <summary>Value, timestamp, id and enum rendering shared by the normal and detailed debug formatters.</summary>
/// <remarks>
/// Renders values the way the reference collector's pdata does (<c>Value.AsString</c>, <c>Timestamp.String</c>,
/// <c>TraceID.String</c>, Go's <c>%f</c>), because users grep and diff this output against the Go collector's.
/// Deliberate differences: nested map keys
/// keep the order the sender used (Go's JSON sorts them); JSON strings do not HTML-escape <c>&lt; &gt; &amp;</c>;
/// unknown enum numbers print as <c>Unknown(n)</c> instead of an empty name.
/// </remarks>
internal static class DebugText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Appends a value with its type, as in <c>Str(x)</c>, <c>Int(5)</c>, <c>Map({"k":"v"})</c>, <c>Empty()</c>.</summary>
    public static void AppendTypedValue(StringBuilder sb, AnyValue? value)
    {
        sb.Append(TypeName(value)).Append('(');
        AppendValue(sb, value);
        sb.Append(')');
    }

    /// <summary>Appends a value without its type: strings raw, bytes as base64, maps and slices as JSON, unset as nothing.</summary>
    public static void AppendValue(StringBuilder sb, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                sb.Append(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
            case AnyValue.ValueOneofCase.KvlistValue:
                AppendJson(sb, value);
                break;
            default:
                AppendScalar(sb, value);
                break;
        }
    }

    /// <summary>Appends nanoseconds since the Unix epoch as <c>2018-12-13 14:51:00.000000000 +0000 UTC</c>.</summary>
    public static void AppendTimestamp(StringBuilder sb, ulong unixNanos)
    {
        // Integer arithmetic keeps all 9 digits exact; a double would lose the last ones. ulong.MaxValue nanos is in
        // year 2554, well inside DateTime's range, and its tick count fits a long.
        ulong seconds = unixNanos / 1_000_000_000UL;
        ulong fraction = unixNanos % 1_000_000_000UL;
        var time = DateTime.UnixEpoch.AddTicks((long)seconds * TimeSpan.TicksPerSecond);
        sb.Append(Inv, $"{time:yyyy-MM-dd HH:mm:ss}");

        // As Go prints times (the reference's layout): the fraction without trailing zeros, none when whole.
        if (fraction != 0)
        {
            sb.Append('.').Append(fraction.ToString("D9", Inv).TrimEnd('0'));
        }

        sb.Append(" +0000 UTC");
    }

    /// <summary>Appends a trace or span id as lowercase hex; nothing when it is absent or all zeros (an invalid id).</summary>
    public static void AppendId(StringBuilder sb, ByteString id)
    {
        var bytes = id.Span;
        if (bytes.IndexOfAnyExcept((byte)0) < 0)
        {
            return;
        }

        foreach (byte b in bytes)
        {
            sb.Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
        }
    }

    /// <summary>Appends a double like Go's <c>%f</c>: six decimals, never an exponent, <c>NaN</c>/<c>+Inf</c>/<c>-Inf</c>.</summary>
    public static void AppendFixed(StringBuilder sb, double value)
    {
        if (!double.IsFinite(value))
        {
            sb.Append(NonFinite(value));
            return;
        }

        sb.Append(Inv, $"{value:F6}");
    }

    /// <summary>Appends the shortest text that round-trips, in the JavaScript number layout Go's pdata and JSON use.</summary>
    /// <remarks>Fixed notation for 1e-6 &lt;= |v| &lt; 1e21, otherwise <c>1.5e+21</c> / <c>1e-7</c>.</remarks>
    public static void AppendShortest(StringBuilder sb, double value)
    {
        if (!double.IsFinite(value))
        {
            sb.Append(NonFinite(value));
            return;
        }

        if (value == 0)
        {
            sb.Append(double.IsNegative(value) ? "-0" : "0");
            return;
        }

        // .NET's "R" gives the shortest round-trip digits but switches to exponent form at 1e15; re-layout its
        // digits so the thresholds match the reference's.
        Span<char> text = stackalloc char[32];
        Math.Abs(value).TryFormat(text, out int written, "R", Inv);
        text = text[..written];

        int exponent = 0;
        int e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, Inv);
            text = text[..e];
        }

        Span<char> digits = stackalloc char[32];
        int count = 0;
        int point = -1;
        foreach (char c in text)
        {
            if (c == '.')
            {
                point = count;
            }
            else
            {
                digits[count++] = c;
            }
        }

        // point: how many digits stand before the decimal point.
        point = (point < 0 ? count : point) + exponent;
        int start = 0;
        while (start < count - 1 && digits[start] == '0')
        {
            start++;
            point--;
        }

        while (count - 1 > start && digits[count - 1] == '0')
        {
            count--;
        }

        ReadOnlySpan<char> significant = digits[start..count];
        if (value < 0)
        {
            sb.Append('-');
        }

        double magnitude = Math.Abs(value);
        if (magnitude < 1e-6 || magnitude >= 1e21)
        {
            sb.Append(significant[0]);
            if (significant.Length > 1)
            {
                sb.Append('.').Append(significant[1..]);
            }

            int power = point - 1;
            sb.Append('e').Append(power < 0 ? '-' : '+').Append(Inv, $"{Math.Abs(power)}");
        }
        else if (point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(significant);
        }
        else if (point >= significant.Length)
        {
            sb.Append(significant).Append('0', point - significant.Length);
        }
        else
        {
            sb.Append(significant[..point]).Append('.').Append(significant[point..]);
        }
    }

    /// <summary>The pdata name of a span kind.</summary>
    public static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Unspecified => "Unspecified",
        Span.Types.SpanKind.Internal => "Internal",
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => Unknown((int)kind),
    };

    /// <summary>The pdata name of a span status code.</summary>
    public static string StatusName(Status.Types.StatusCode code) => code switch
    {
        Status.Types.StatusCode.Unset => "Unset",
        Status.Types.StatusCode.Ok => "Ok",
        Status.Types.StatusCode.Error => "Error",
        _ => Unknown((int)code),
    };

    /// <summary>The pdata name of an aggregation temporality.</summary>
    public static string TemporalityName(AggregationTemporality temporality) => temporality switch
    {
        AggregationTemporality.Unspecified => "Unspecified",
        AggregationTemporality.Delta => "Delta",
        AggregationTemporality.Cumulative => "Cumulative",
        _ => Unknown((int)temporality),
    };

    private static readonly string[] SeverityNames =
    [
        "Unspecified",
        "Trace", "Trace2", "Trace3", "Trace4",
        "Debug", "Debug2", "Debug3", "Debug4",
        "Info", "Info2", "Info3", "Info4",
        "Warn", "Warn2", "Warn3", "Warn4",
        "Error", "Error2", "Error3", "Error4",
        "Fatal", "Fatal2", "Fatal3", "Fatal4",
    ];

    /// <summary>The pdata name of a severity number (<c>Info</c>, <c>Fatal4</c>), <c>Unknown</c> when out of range.</summary>
    public static string SeverityName(SeverityNumber severity)
    {
        int n = (int)severity;
        return n >= 0 && n < SeverityNames.Length ? SeverityNames[n] : "Unknown";
    }

    private static string TypeName(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => "Str",
        AnyValue.ValueOneofCase.BoolValue => "Bool",
        AnyValue.ValueOneofCase.IntValue => "Int",
        AnyValue.ValueOneofCase.DoubleValue => "Double",
        AnyValue.ValueOneofCase.ArrayValue => "Slice",
        AnyValue.ValueOneofCase.KvlistValue => "Map",
        AnyValue.ValueOneofCase.BytesValue => "Bytes",
        // string_value_strindex is profiles-only; elsewhere the spec says to treat it as absent.
        _ => "Empty",
    };

    // Scalars render the same at the top level and inside JSON, except strings, which JSON quotes.
    private static void AppendScalar(StringBuilder sb, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.BoolValue:
                sb.Append(value.BoolValue ? "true" : "false");
                break;
            case AnyValue.ValueOneofCase.IntValue:
                sb.Append(Inv, $"{value.IntValue}");
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                AppendShortest(sb, value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                sb.Append(Convert.ToBase64String(value.BytesValue.Span));
                break;
        }
    }

    private static void AppendJson(StringBuilder sb, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                AppendJsonString(sb, value.StringValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when !double.IsFinite(value.DoubleValue):
                // JSON has no NaN or infinity literal; quote them rather than emit invalid JSON.
                sb.Append('"').Append(NonFinite(value.DoubleValue)).Append('"');
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                sb.Append('"');
                AppendScalar(sb, value);
                sb.Append('"');
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                sb.Append('[');
                var items = value.ArrayValue.Values;
                for (int i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    AppendJson(sb, items[i]);
                }

                sb.Append(']');
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                sb.Append('{');
                var entries = value.KvlistValue.Values;
                for (int i = 0; i < entries.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    AppendJsonString(sb, entries[i].Key);
                    sb.Append(':');
                    AppendJson(sb, entries[i].Value);
                }

                sb.Append('}');
                break;
            case AnyValue.ValueOneofCase.BoolValue:
            case AnyValue.ValueOneofCase.IntValue:
            case AnyValue.ValueOneofCase.DoubleValue:
                AppendScalar(sb, value);
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static void AppendJsonString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                // U+2028/U+2029 are valid JSON but break JavaScript consumers; Go escapes them too.
                case < ' ' or '\u2028' or '\u2029':
                    sb.Append(Inv, $"\\u{(int)c:x4}");
                    break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";

    private static string Unknown(int value) => string.Create(Inv, $"Unknown({value})");

    private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
