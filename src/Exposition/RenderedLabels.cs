using System.Buffers;

namespace MiniCollector.Exposition;

/// <summary>
/// A label rendered once as the text formats write it, <c>name="value"</c> (UTF-8, the value escaped), so one byte
/// string can serve a store as the label's identity and every text scrape as the bytes to copy; a series' labels are
/// such strings in order, written with commas between. The protobuf writer reads the name and value back out of it.
/// </summary>
public static class RenderedLabels
{
    /// <summary>Writes one label as rendered label text.</summary>
    public static void Write(IBufferWriter<byte> output, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var o = new ExpositionOutput(output);
        o.WriteUtf8(name);
        o.Write("=\""u8);
        o.WriteEscaped(value, quotes: true);
        o.WriteByte((byte)'"');
        o.Flush();
    }

    /// <summary>Splits one rendered label into its name and its value as written (still escaped).</summary>
    internal static void Split(ReadOnlySpan<byte> label, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> escapedValue)
    {

        // Names are [a-zA-Z_][a-zA-Z0-9_]*, so the first '=' ends the name; '="' follows it and '"' ends the text.
        var equals = label.IndexOf((byte)'=');
        name = label[..equals];
        escapedValue = label[(equals + 2)..^1];
    }

    /// <summary>The length of an escaped value once unescaped: each escape sequence is two bytes for one.</summary>
    internal static int UnescapedLength(ReadOnlySpan<byte> escapedValue)
    {
        var length = escapedValue.Length;
        for (var at = escapedValue.IndexOf((byte)'\\'); at >= 0; at = NextEscape(escapedValue, at))
        {
            length--;
        }

        return length;
    }

    /// <summary>Writes an escaped value as the original text (<c>\\</c>, <c>\"</c> and <c>\n</c> undone) at the start of <paramref name="destination"/>; returns its length.</summary>
    internal static int Unescape(ReadOnlySpan<byte> escapedValue, Span<byte> destination)
    {
        var written = 0;
        while (true)
        {
            var at = escapedValue.IndexOf((byte)'\\');
            if (at < 0)
            {
                escapedValue.CopyTo(destination[written..]);
                return written + escapedValue.Length;
            }

            escapedValue[..at].CopyTo(destination[written..]);
            written += at;
            var escaped = escapedValue[at + 1];
            destination[written++] = escaped == (byte)'n' ? (byte)'\n' : escaped;
            escapedValue = escapedValue[(at + 2)..];
        }
    }

    private static int NextEscape(ReadOnlySpan<byte> escapedValue, int at)
    {
        var next = escapedValue[(at + 2)..].IndexOf((byte)'\\');
        return next < 0 ? -1 : at + 2 + next;
    }
}
