using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.HealthCheck;

/// <summary>The JSON status documents of the reference health check: <c>{"status","upSince","uptime"}</c>.</summary>
internal static class HealthCheckBody
{
    public const string AvailableStatus = "Server available";
    public const string NotAvailableStatus = "Server not available";

    // Go writes the zero time.Time this way; the reference sends it while not ready.
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    // Go's encoder leaves non-ASCII text as it is; an uptime under a millisecond is written in "µs".
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement),
    };

    /// <summary>The body while not ready; it never changes.</summary>
    public static byte[] NotAvailable { get; } = Write(NotAvailableStatus, ZeroTime, string.Empty);

    /// <summary>The body while ready.</summary>
    public static byte[] Available(DateTimeOffset upSince, TimeSpan uptime) => Write(AvailableStatus, Rfc3339(upSince), GoDuration.Format(uptime));

    /// <summary>RFC 3339 in UTC with the fraction trimmed of trailing zeros, as Go's RFC3339Nano writes it.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(string status, string upSince, string uptime)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("status"u8, status);
            writer.WriteString("upSince"u8, upSince);
            writer.WriteString("uptime"u8, uptime);
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
