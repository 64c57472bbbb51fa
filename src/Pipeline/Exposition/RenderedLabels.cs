using System.Buffers;

namespace MiniCollector.Pipeline.Exposition;

/// <summary>
/// A label set rendered once as the text formats write it between the braces, <c>a="x",b="y"</c> (UTF-8, values
/// escaped), so one byte string serves a store as the series' identity and every text scrape as the bytes to copy. The
/// protobuf writer reads the names and values back out of it.
/// </summary>
public static class RenderedLabels
{
    /// <summary>Writes <paramref name="labels"/>, in the order given, as rendered label text.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(output);
        var o = new ExpositionOutput(output);
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                o.WriteByte((byte)',');
            }

            o.WriteUtf8(labels[i].Key);
            o.Write("=\""u8);
            o.WriteEscaped(labels[i].Value, quotes: true);
            o.WriteByte((byte)'"');
        }

        o.Flush();
    }

    /// <summary>
    /// Reads the next label of <paramref name="text"/> at <paramref name="position"/>: its name and its value as
    /// written (still escaped); false at the end.
    /// </summary>
    internal static bool Next(ReadOnlySpan<byte> text, ref int position, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> escapedValue)
    {
        if (position >= text.Length)
        {
            name = default;
            escapedValue = default;
            return false;
        }

        var rest = text[position..];

        // Names are [a-zA-Z_][a-zA-Z0-9_]*, so the first '=' ends the name and '="' follows it.
        var equals = rest.IndexOf((byte)'=');
        name = rest[..equals];
        var start = equals + 2;
        var end = start;
        while (true)
        {
            end += rest[end..].IndexOfAny((byte)'\\', (byte)'"');
            if (rest[end] == (byte)'"')
            {
                break;
            }

            end += 2;
        }

        escapedValue = rest[start..end];

        // Past the closing quote and the comma after it, if any.
        position += end + 2;
        return true;
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

    /// <summary>Writes an escaped value as the original text: <c>\\</c>, <c>\"</c> and <c>\n</c> undone.</summary>
    internal static void WriteUnescaped(ref ExpositionOutput o, scoped ReadOnlySpan<byte> escapedValue)
    {
        while (true)
        {
            var at = escapedValue.IndexOf((byte)'\\');
            if (at < 0)
            {
                o.Write(escapedValue);
                return;
            }

            o.Write(escapedValue[..at]);
            var escaped = escapedValue[at + 1];
            o.WriteByte(escaped == (byte)'n' ? (byte)'\n' : escaped);
            escapedValue = escapedValue[(at + 2)..];
        }
    }

    private static int NextEscape(ReadOnlySpan<byte> escapedValue, int at)
    {
        var next = escapedValue[(at + 2)..].IndexOf((byte)'\\');
        return next < 0 ? -1 : at + 2 + next;
    }
}
