using System.Globalization;

namespace MiniCollector.Receivers.Otlp.Grpc;

/// <summary>Parses the <c>grpc-timeout</c> header: up to 8 digits and a unit (H, M, S, m, u, n).</summary>
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
}
