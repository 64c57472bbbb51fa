using System.Globalization;

namespace MiniCollector.Pipeline.Config;

/// <summary>Reads and writes durations the way collector configs and Go write them (<c>200ms</c>, <c>1m30s</c>, <c>0</c>).</summary>
public static class GoDuration
{
    /// <summary>Parses a Go duration; false when the text is not one.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s == "0")
        {
            return true;
        }

        bool negative = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false;
        }

        double totalTicks = 0;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
            {
                return false;
            }

            int unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            double ticksPerUnit = s[unitStart..i] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (ticksPerUnit < 0)
            {
                return false;
            }

            totalTicks += number * ticksPerUnit;
        }

        if (totalTicks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(negative ? -totalTicks : totalTicks));
        return true;
    }

    private const ulong NanosPerMicrosecond = 1_000;
    private const ulong NanosPerMillisecond = 1_000_000;
    private const ulong NanosPerSecond = 1_000_000_000;

    /// <summary>Formats at the resolution a <see cref="TimeSpan"/> has (100 ns); Go's clamp of ±292 years applies.</summary>
    public static string Format(TimeSpan value)
    {
        long ticks = value.Ticks;
        bool negative = ticks < 0;
        long magnitude = ticks == long.MinValue ? long.MaxValue : Math.Abs(ticks);
        ulong u = (ulong)Math.Min(magnitude, long.MaxValue / 100) * 100;

        Span<char> buf = stackalloc char[32];
        int w = buf.Length;
        if (u < NanosPerSecond)
        {
            // Below a second Go switches to the largest unit that keeps an integer part, with up to 6 fraction digits.
            int precision;
            buf[--w] = 's';
            w--;
            switch (u)
            {
                case 0:
                    buf[w] = '0';
                    return new string(buf[w..]);
                case < NanosPerMicrosecond:
                    precision = 0;
                    buf[w] = 'n';
                    break;
                case < NanosPerMillisecond:
                    precision = 3;
                    buf[w] = '\u00B5';
                    break;
                default:
                    precision = 6;
                    buf[w] = 'm';
                    break;
            }

            w = Fraction(buf, w, ref u, precision);
            w = Integer(buf, w, u);
        }
        else
        {
            buf[--w] = 's';
            w = Fraction(buf, w, ref u, 9);
            w = Integer(buf, w, u % 60);
            u /= 60;
            if (u > 0)
            {
                buf[--w] = 'm';
                w = Integer(buf, w, u % 60);
                u /= 60;
                if (u > 0)
                {
                    buf[--w] = 'h';
                    w = Integer(buf, w, u);
                }
            }
        }

        if (negative)
        {
            buf[--w] = '-';
        }

        return new string(buf[w..]);
    }

    // Writes the low `precision` digits of v as a fraction without trailing zeros, right to left; leaves the integer part in v.
    private static int Fraction(Span<char> buf, int w, ref ulong v, int precision)
    {
        bool print = false;
        for (int i = 0; i < precision; i++)
        {
            ulong digit = v % 10;
            print |= digit != 0;
            if (print)
            {
                buf[--w] = (char)('0' + (int)digit);
            }

            v /= 10;
        }

        if (print)
        {
            buf[--w] = '.';
        }

        return w;
    }

    private static int Integer(Span<char> buf, int w, ulong v)
    {
        if (v == 0)
        {
            buf[--w] = '0';
            return w;
        }

        while (v > 0)
        {
            buf[--w] = (char)('0' + (int)(v % 10));
            v /= 10;
        }

        return w;
    }
}
