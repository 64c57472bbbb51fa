using System.Globalization;
using System.Text;

namespace MiniCollector.Exporters.Prometheus.Translation;

/// <summary>
/// Doubles as JSON numbers in the JavaScript (ECMAScript Number::toString) layout: the shortest digits that
/// round-trip, fixed notation for 1e-7 &lt; |v| &lt; 1e21, otherwise <c>1.5e+21</c> / <c>1e-7</c>. This is the
/// layout the reference collector's attribute-to-string conversion uses.
/// </summary>
internal static class NumberText
{
    /// <summary>A finite double as text (<c>-0</c> keeps its sign, as Go writes it).</summary>
    public static string Format(double value)
    {
        Span<char> text = stackalloc char[40];
        return text[..Write(value, text)].ToString();
    }

    /// <summary>Appends a finite double.</summary>
    public static void Append(StringBuilder sb, double value)
    {
        Span<char> text = stackalloc char[40];
        sb.Append(text[..Write(value, text)]);
    }

    // Writes into a buffer of at least 40 chars: 17 digits, 21 fixed-notation places or an exponent all fit.
    private static int Write(double value, Span<char> into)
    {
        int at = 0;
        if (double.IsNegative(value))
        {
            into[at++] = '-';
        }

        if (value == 0)
        {
            into[at++] = '0';
            return at;
        }

        // .NET's "R" gives the shortest round-trip digits, but switches to exponent form at 1e15 and pads exponents
        // ("1E-05"), so its digits and exponent are read back and laid out again.
        Span<char> r = stackalloc char[32];
        Math.Abs(value).TryFormat(r, out int written, "R", CultureInfo.InvariantCulture);
        r = r[..written];
        int exponent = 0;
        int e = r.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }

        Span<char> digits = stackalloc char[32];
        int count = 0;
        int point = -1;
        foreach (char c in r)
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

        // point = how many digits stand before the decimal point (the n of ECMAScript, value = 0.digits × 10^n).
        point = (point < 0 ? count : point) + exponent;
        int first = 0;
        while (first < count - 1 && digits[first] == '0')
        {
            first++;
            point--;
        }

        while (count - 1 > first && digits[count - 1] == '0')
        {
            count--;
        }

        ReadOnlySpan<char> significant = digits[first..count];
        int k = significant.Length;
        if (point >= k && point <= 21)
        {
            significant.CopyTo(into[at..]);
            at += k;
            into.Slice(at, point - k).Fill('0');
            return at + point - k;
        }

        if (point > 0 && point <= 21)
        {
            significant[..point].CopyTo(into[at..]);
            at += point;
            into[at++] = '.';
            significant[point..].CopyTo(into[at..]);
            return at + k - point;
        }

        if (point > -6 && point <= 0)
        {
            into[at++] = '0';
            into[at++] = '.';
            into.Slice(at, -point).Fill('0');
            at += -point;
            significant.CopyTo(into[at..]);
            return at + k;
        }

        into[at++] = significant[0];
        if (k > 1)
        {
            into[at++] = '.';
            significant[1..].CopyTo(into[at..]);
            at += k - 1;
        }

        int power = point - 1;
        into[at++] = 'e';
        into[at++] = power < 0 ? '-' : '+';
        Math.Abs(power).TryFormat(into[at..], out int digitsWritten, default, CultureInfo.InvariantCulture);
        return at + digitsWritten;
    }
}
