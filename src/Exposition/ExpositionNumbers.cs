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
        var magnitude = Math.Abs(value);
        if (magnitude < 1e6 && (long)value == value)
        {
            ((long)value).TryFormat(destination, out var n, default, CultureInfo.InvariantCulture);
            if (openMetrics)
            {
                destination[n++] = (byte)'.';
                destination[n++] = (byte)'0';
            }

            return n;
        }

        // %g writes plain decimals from 1e-4 to below 1e6; there, a value with few decimals (0.5, 12.25, 99.9: what
        // many gauges hold) is written without the general path. A non-integer has a point, so OpenMetrics adds nothing.
        if (magnitude >= 1e-4 && magnitude < 1e6 && TryFormatShortDecimal(value, destination, out var written))
        {
            return written;
        }

        return FormatFloatFromDigits(value, destination, openMetrics);
    }

    /// <summary>
    /// <see cref="FormatFloat"/> for a finite value other than an integer below 1e6, by the general path: .NET's
    /// shortest round-trip digits laid out as %g does. The shorter paths must give what this gives.
    /// </summary>
    internal static int FormatFloatFromDigits(double value, Span<byte> destination, bool openMetrics)
    {
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

        // From 1e-4 to below 1e15 "R" writes plain decimals, and the short path applies; start times to the
        // millisecond (what the SDKs of many languages send) are short decimals there.
        var magnitude = Math.Abs(seconds);
        if (magnitude >= 1e-4 && magnitude < 1e15 && TryFormatShortDecimal(seconds, destination, out var written))
        {
            return written;
        }

        return FormatSecondsFromDigits(seconds, destination);
    }

    /// <summary><see cref="FormatSeconds"/> for a finite value, by .NET's "R"; the shorter path must give what this gives.</summary>
    internal static int FormatSecondsFromDigits(double seconds, Span<byte> destination)
    {
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

    /// <summary>
    /// Writes a finite, nonzero <paramref name="value"/> in plain decimal notation when its shortest round-trip form has
    /// at most <see cref="ShortDecimalDigits"/> digits after the point; false (nothing written) otherwise.
    /// </summary>
    /// <remarks>
    /// The shortest round-trip form is the decimal with the fewest digits that reads back as the value; Go's %g and
    /// .NET's "R" both print its digits. With k digits after the point, the only decimal m / 10^k that can read back as
    /// the value has m = value * 10^k rounded: scaling by an exact power of ten errs by at most half an ulp of the
    /// product, and any m / 10^k that reads back is within half an ulp of the value, so m is within product * 2^-52 of
    /// the product, which below 2^50 is under a quarter, and no other integer is that close. Every shorter form (fewer
    /// digits j) is that same m with 10^(k - j) dividing it, so one look at the most digits the product allows finds
    /// them all: a product not that close to an integer (a value of full precision) is turned down at once; otherwise
    /// m's trailing zeros are dropped, and a division (correctly rounded, as parsing is) tells whether the decimal reads
    /// back as the value.
    /// </remarks>
    private static bool TryFormatShortDecimal(double value, Span<byte> destination, out int written)
    {
        written = 0;
        var magnitude = Math.Abs(value);
        var powers = PowersOfTen;
        var k = ShortDecimalDigits;
        var scaled = magnitude * powers[k];
        while (scaled >= TwoToThe50)
        {
            if (k == 0)
            {
                return false;
            }

            scaled = magnitude * powers[--k];
        }

        var m = (long)(scaled + 0.5);
        if (Math.Abs(scaled - m) > scaled * TwoToTheMinus51)
        {
            return false;
        }

        while (k > 0 && m % 10 == 0)
        {
            m /= 10;
            k--;
        }

        if (m / powers[k] != magnitude)
        {
            return false;
        }

        if (value < 0)
        {
            destination[written++] = (byte)'-';
        }

        var unit = (long)powers[k];
        (m / unit).TryFormat(destination[written..], out var n, default, CultureInfo.InvariantCulture);
        written += n;
        if (k > 0)
        {
            destination[written] = (byte)'.';
            var fraction = m % unit;
            for (var i = k; i > 0; i--)
            {
                destination[written + i] = (byte)('0' + (fraction % 10));
                fraction /= 10;
            }

            written += k + 1;
        }

        return true;
    }

    /// <summary>Most digits after the point <see cref="TryFormatShortDecimal"/> looks for; values with more take the general path.</summary>
    private const int ShortDecimalDigits = 9;

    private const double TwoToThe50 = 1L << 50;

    private const double TwoToTheMinus51 = 1.0 / (1L << 51);

    // A static array, not a span property: a collection expression of doubles is a new array per read in Debug builds,
    // which the allocation tests (run in Debug by `dotnet test`) catch.
    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    private static int WriteNonFinite(double value, Span<byte> destination)
    {
        ReadOnlySpan<byte> text = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8;
        text.CopyTo(destination);
        return text.Length;
    }
}
