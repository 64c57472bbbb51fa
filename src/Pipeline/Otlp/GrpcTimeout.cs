using System.Globalization;

namespace MiniCollector.Pipeline.Otlp;

/// <summary>The <c>grpc-timeout</c> header: up to 8 digits and a unit (H, M, S, m, u, n).</summary>
public static class GrpcTimeout
{
    /// <summary>False when the header is malformed.</summary>
    public static bool TryParse(string text, out TimeSpan timeout)
    {
        timeout = default;
        if (text.Length < 2 || text.Length > 9)
        {
            return false;
        }

        if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            return false;
        }

        double ticks = text[^1] switch
        {
            'H' => value * (double)TimeSpan.TicksPerHour,
            'M' => value * (double)TimeSpan.TicksPerMinute,
            'S' => value * (double)TimeSpan.TicksPerSecond,
            'm' => value * (double)TimeSpan.TicksPerMillisecond,
            'u' => value * (double)TimeSpan.TicksPerMicrosecond,
            'n' => value / 100.0,
            _ => -1,
        };
        if (ticks < 0)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks((long)Math.Min(ticks, TimeSpan.MaxValue.Ticks));
        return true;
    }

    /// <summary>The timeout in the finest unit that fits the header's 8 digits (gRPC's limit), rounded up.</summary>
    public static string Format(TimeSpan timeout)
    {
        const long MaxValue = 99_999_999;
        long ms = Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds));
        if (ms <= MaxValue)
        {
            return ms + "m";
        }

        long seconds = (long)Math.Ceiling(timeout.TotalSeconds);
        if (seconds <= MaxValue)
        {
            return seconds + "S";
        }

        return Math.Min(MaxValue, (long)Math.Ceiling(timeout.TotalHours)) + "H";
    }
}
