namespace MiniCollector.Pipeline.Extensions.HealthCheck;

/// <summary>Writes a duration the way Go's <c>time.Duration.String</c> does (<c>12.5s</c>, <c>1m3.2s</c>, <c>350ms</c>).</summary>
internal static class GoDurationText
{
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
