using Google.Protobuf.WellKnownTypes;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>
/// The proto3 JSON form of <c>google.protobuf.Duration</c> (<c>"1.5s"</c>), needed for
/// <c>RetryInfo.retryDelay</c> in JSON error responses.
/// </summary>
internal static class ProtoJsonDuration
{
    // proto3 JSON bounds a Duration to about +-10,000 years.
    private const long MaxSeconds = 315_576_000_000;

    /// <summary>Longest text <see cref="Format"/> writes: sign, 12 digits, '.', 9 digits, 's'.</summary>
    public const int MaxLength = 24;

    public static bool TryParse(ReadOnlySpan<byte> text, out Duration duration)
    {
        duration = null!;
        if (text.Length < 2 || text[^1] != 's')
        {
            return false;
        }

        text = text[..^1];
        bool negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        int dot = text.IndexOf((byte)'.');
        ReadOnlySpan<byte> whole = dot < 0 ? text : text[..dot];
        ReadOnlySpan<byte> fraction = dot < 0 ? default : text[(dot + 1)..];
        if (whole.Length is 0 or > 12 || (dot >= 0 && fraction.Length is 0 or > 9))
        {
            return false;
        }

        long seconds = 0;
        foreach (byte b in whole)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }

            seconds = (seconds * 10) + (b - '0');
        }

        int nanos = 0;
        for (int i = 0; i < 9; i++)
        {
            int digit = 0;
            if (i < fraction.Length)
            {
                digit = fraction[i] - '0';
                if ((uint)digit > 9)
                {
                    return false;
                }
            }

            nanos = (nanos * 10) + digit;
        }

        if (seconds > MaxSeconds)
        {
            return false;
        }

        duration = new Duration
        {
            Seconds = negative ? -seconds : seconds,
            Nanos = negative ? -nanos : nanos,
        };
        return true;
    }

    /// <summary>Writes 0, 3, 6 or 9 fractional digits, as the proto3 JSON mapping prescribes.</summary>
    public static int Format(Duration duration, Span<byte> destination)
    {
        bool negative = duration.Seconds < 0 || duration.Nanos < 0;
        ulong seconds = negative ? (ulong)-duration.Seconds : (ulong)duration.Seconds;
        int nanos = Math.Abs(duration.Nanos);
        int length = 0;
        if (negative)
        {
            destination[length++] = (byte)'-';
        }

        System.Buffers.Text.Utf8Formatter.TryFormat(seconds, destination[length..], out int written);
        length += written;
        if (nanos != 0)
        {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            int scaled = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            destination[length++] = (byte)'.';
            for (int i = digits - 1; i >= 0; i--)
            {
                destination[length + i] = (byte)('0' + (scaled % 10));
                scaled /= 10;
            }

            length += digits;
        }

        destination[length++] = (byte)'s';
        return length;
    }
}
