using System.Globalization;
using Google.Protobuf;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>
/// Builds the identity of a series (or of a resource) as characters in one reused buffer, so a span whose series
/// exists costs a dictionary lookup by span and no allocation. Every part is written with its length or a type mark
/// first, so no two different attribute sets give the same text.
/// </summary>
internal sealed class SeriesKey
{
    private char[] _buffer = new char[256];

    /// <summary>Characters written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The key as written.</summary>
    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, Length);

    /// <summary>Starts a new key.</summary>
    public void Clear() => Length = 0;

    /// <summary>Cuts the key back to a length written earlier (a common prefix).</summary>
    public void Truncate(int length) => Length = length;

    /// <summary>Writes a string with its length, so that its content cannot look like a separator.</summary>
    public void Append(string value)
    {
        Ensure(value.Length + 2);
        _buffer[Length++] = (char)(value.Length >> 16);
        _buffer[Length++] = (char)value.Length;
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
    }

    /// <summary>Writes one character (a small number or a mark).</summary>
    public void Append(char value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    /// <summary>Writes an attribute value with a mark of its type; an absent value writes the mark of absence.</summary>
    public void AppendValue(AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                Append('s');
                Append(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                Append(value.BoolValue ? 'T' : 'F');
                break;
            case AnyValue.ValueOneofCase.IntValue:
                Append('i');
                AppendFormatted(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                Append('d');
                AppendFormatted(value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                Append('b');
                AppendHex(value.BytesValue.Span);
                break;
            case null:
                Append('-');
                break;
            default:
                // Arrays, maps and the empty value are rare as dimensions: their encoding is their identity.
                Append('x');
                AppendHex(value.ToByteArray());
                break;
        }
    }

    // A number's text is at most 32 characters ("R" doubles, longs), so one length character is enough.
    private void AppendFormatted(long value)
    {
        Ensure(34);
        int start = Length++;
        value.TryFormat(_buffer.AsSpan(Length), out int written, default, CultureInfo.InvariantCulture);
        _buffer[start] = (char)written;
        Length += written;
    }

    private void AppendFormatted(double value)
    {
        Ensure(34);
        int start = Length++;
        value.TryFormat(_buffer.AsSpan(Length), out int written, "R", CultureInfo.InvariantCulture);
        _buffer[start] = (char)written;
        Length += written;
    }

    private void AppendHex(ReadOnlySpan<byte> bytes)
    {
        int chars = bytes.Length * 2;
        Ensure(chars + 2);
        _buffer[Length++] = (char)(chars >> 16);
        _buffer[Length++] = (char)chars;
        Convert.TryToHexString(bytes, _buffer.AsSpan(Length), out int written);
        Length += written;
    }

    private void Ensure(int more)
    {
        if (Length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
        }
    }
}
