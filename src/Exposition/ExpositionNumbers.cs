using System.Globalization;

namespace MiniCollector.Exposition;

/// <summary>
/// Number rendering for the text formats. Floats follow Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c>, the rendering
/// of the Go client library the reference collector uses, because <c>le</c> and <c>quantile</c> values are label
/// values: a different spelling of the same bound (<c>1000000</c> vs <c>1e+06</c>) would be a different series in
/// Prometheus when a user swaps collectors. OpenMetrics adds <c>.0</c> to integral values, its canonical form.
/// </summary>
internal static class ExpositionNumbers
{
    /// <summary>Longest output of <see cref="FormatFloat"/> and <see cref="FormatSeconds"/> (e.g. <c>-2.2250738585072014e-308</c>).</summary>
    public const int MaxFloatLength = 32;

    /// <summary>Writes <paramref name="value"/> in Go's shortest <c>%g</c> form and returns the number of bytes.</summary>
    public static int FormatFloat(double value, Span<byte> destination, bool openMetrics)
    {
        if (!double.IsFinite(value))
        {
            return WriteNonFinite(value, destination);
        }

        // Integers below 1e6 are printed in full by %g; they are also the common case (counts, small gauges).
        if (Math.Abs(value) < 1e6 && value == Math.Floor(value))
        {
            ((long)value).TryFormat(destination, out var n, default, CultureInfo.InvariantCulture);
            if (openMetrics)
            {
                destination[n++] = (byte)'.';
                destination[n++] = (byte)'0';
            }

            return n;
        }

        // .NET's "R" gives the same shortest round-trip digits as Go; only the layout differs, so take the digits and
        // the decimal exponent apart and lay them out the way %g does.
        Span<byte> text = stackalloc byte[MaxFloatLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        text = text[..length];

        Span<byte> digits = stackalloc byte[24];
        var count = 0;
        var integerDigits = -1;
        var exponent = 0;
        var negative = text[0] == '-';
        for (var i = negative ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                integerDigits = count;
            }
            else if (c is (byte)'E' or (byte)'e')
            {
                int.TryParse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent);
                break;
            }
            else
            {
                digits[count++] = c;
            }
        }

        if (integerDigits < 0)
        {
            integerDigits = count;
        }

        // The decimal point sits after `point` digits: value = 0.d1d2d3... * 10^point.
        var point = integerDigits + exponent;
        var start = 0;
        while (start < count - 1 && digits[start] == '0')
        {
            start++;
            point--;
        }

        while (count - 1 > start && digits[count - 1] == '0')
        {
            count--;
        }

        digits = digits[start..count];
        var written = 0;
        if (negative)
        {
            destination[written++] = (byte)'-';
        }

        var decimalExponent = point - 1;
        if (decimalExponent < -4 || decimalExponent >= 6)
        {
            destination[written++] = digits[0];
            if (digits.Length > 1)
            {
                destination[written++] = (byte)'.';
                digits[1..].CopyTo(destination[written..]);
                written += digits.Length - 1;
            }

            destination[written++] = (byte)'e';
            destination[written++] = decimalExponent < 0 ? (byte)'-' : (byte)'+';
            var magnitude = Math.Abs(decimalExponent);
            if (magnitude < 10)
            {
                destination[written++] = (byte)'0';
            }

            magnitude.TryFormat(destination[written..], out var n, default, CultureInfo.InvariantCulture);
            return written + n;
        }

        var hasPoint = false;
        if (point <= 0)
        {
            destination[written++] = (byte)'0';
            destination[written++] = (byte)'.';
            destination.Slice(written, -point).Fill((byte)'0');
            written += -point;
            digits.CopyTo(destination[written..]);
            written += digits.Length;
            hasPoint = true;
        }
        else if (point >= digits.Length)
        {
            digits.CopyTo(destination[written..]);
            written += digits.Length;
            destination.Slice(written, point - digits.Length).Fill((byte)'0');
            written += point - digits.Length;
        }
        else
        {
            digits[..point].CopyTo(destination[written..]);
            written += point;
            destination[written++] = (byte)'.';
            digits[point..].CopyTo(destination[written..]);
            written += digits.Length - point;
            hasPoint = true;
        }

        if (openMetrics && !hasPoint)
        {
            destination[written++] = (byte)'.';
            destination[written++] = (byte)'0';
        }

        return written;
    }

    /// <summary>
    /// Writes a time in seconds (<c>_created</c>, exemplar timestamps) with .NET's shortest round-trip rendering, which
    /// stays in plain notation up to 1e16, so epoch seconds read as <c>1520430000.123</c> rather than <c>1.520430000123e+09</c>
    /// (OpenMetrics advises against exponents in timestamps).
    /// </summary>
    public static int FormatSeconds(double seconds, Span<byte> destination)
    {
        if (!double.IsFinite(seconds))
        {
            return WriteNonFinite(seconds, destination);
        }

        seconds.TryFormat(destination, out var n, "R", CultureInfo.InvariantCulture);
        var e = destination[..n].IndexOf((byte)'E');
        if (e >= 0)
        {
            destination[e] = (byte)'e';
        }

        return n;
    }

    /// <summary>Exact decimal seconds from milliseconds, without going through a double.</summary>
    public static int FormatMillisecondsAsSeconds(long milliseconds, Span<byte> destination)
    {
        var written = 0;
        var magnitude = milliseconds < 0 ? (ulong)(-(milliseconds + 1)) + 1 : (ulong)milliseconds;
        if (milliseconds < 0)
        {
            destination[written++] = (byte)'-';
        }

        (magnitude / 1000).TryFormat(destination[written..], out var n, default, CultureInfo.InvariantCulture);
        written += n;
        var fraction = (int)(magnitude % 1000);
        if (fraction != 0)
        {
            destination[written++] = (byte)'.';
            destination[written++] = (byte)('0' + (fraction / 100));
            fraction %= 100;
            if (fraction != 0)
            {
                destination[written++] = (byte)('0' + (fraction / 10));
                fraction %= 10;
                if (fraction != 0)
                {
                    destination[written++] = (byte)('0' + fraction);
                }
            }
        }

        return written;
    }

    private static int WriteNonFinite(double value, Span<byte> destination)
    {
        ReadOnlySpan<byte> text = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8;
        text.CopyTo(destination);
        return text.Length;
    }
}
