using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>Maps an enum value name a sender wrote to its number; false for a name the enum does not have.</summary>
internal delegate bool EnumNameParser(ReadOnlySpan<byte> name, out int value);

// Scalar values, each accepted in every form the reference collector accepts.
internal ref partial struct JsonCursor
{
    public string ReadString()
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Invalid($"expected a string, got {Describe()}");
        }

        return _reader.GetString()!;
    }

    /// <summary>The current string's unescaped UTF-8, without making a .NET string of it.</summary>
    public ReadOnlySpan<byte> ReadUtf8String()
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Invalid($"expected a string, got {Describe()}");
        }

        return StringBytes();
    }

    public bool ReadBool() => _reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Invalid($"expected true or false, got {Describe()}"),
    };

    public ulong ReadUInt64() => TryGetUInt64(out ulong value) ? value : throw NotA("uint64");

    public long ReadInt64() => TryGetInt64(out long value) ? value : throw NotA("int64");

    public uint ReadUInt32() =>
        TryGetUInt64(out ulong value) && value <= uint.MaxValue ? (uint)value : throw NotA("uint32");

    public int ReadInt32() =>
        TryGetInt64(out long value) && value is >= int.MinValue and <= int.MaxValue ? (int)value : throw NotA("int32");

    /// <summary>A double from a number, a numeric string, or "NaN" / "Infinity" / "-Infinity".</summary>
    public double ReadDouble()
    {
        // A number literal beyond the double range would parse as ±Infinity; only the strings may say that.
        if (_reader.TokenType == JsonTokenType.Number && _reader.TryGetDouble(out double number) && double.IsFinite(number))
        {
            return number;
        }

        if (_reader.TokenType == JsonTokenType.String)
        {
            ReadOnlySpan<byte> text = StringBytes();
            if (text.SequenceEqual("NaN"u8))
            {
                return double.NaN;
            }

            if (text.SequenceEqual("Infinity"u8))
            {
                return double.PositiveInfinity;
            }

            if (text.SequenceEqual("-Infinity"u8))
            {
                return double.NegativeInfinity;
            }

            const NumberStyles JsonNumber =
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
            if (double.TryParse(text, JsonNumber, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
            {
                return number;
            }
        }

        throw NotA("double");
    }

    /// <summary>
    /// A trace or span id: hex of any even length, either case. Lengths are the receiver's business (it
    /// reports them as partial success), so a 3-byte id decodes fine here.
    /// </summary>
    public ByteString ReadHexId()
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Invalid($"expected a hex string, got {Describe()}");
        }

        ReadOnlySpan<byte> hex = StringBytes();
        if (hex.IsEmpty)
        {
            return ByteString.Empty;
        }

        if ((hex.Length & 1) != 0)
        {
            throw Invalid($"{Describe()} is not a hex string (odd number of digits)");
        }

        byte[] bytes = new byte[hex.Length / 2];
        if (!OtlpHex.TryDecode(hex, bytes))
        {
            throw Invalid($"{Describe()} is not a hex string");
        }

        // The array is ours alone, so wrapping it saves ByteString's defensive copy.
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>
    /// A bytes field other than an id: standard base64. The URL-safe alphabet and missing padding are
    /// tolerated, as proto3 JSON parsers do.
    /// </summary>
    public ByteString ReadBase64()
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Invalid($"expected a base64 string, got {Describe()}");
        }

        return TryReadBase64(out ByteString bytes) ? bytes : throw Invalid($"{Describe()} is not a base64 string");
    }

    /// <summary>Like <see cref="ReadBase64"/> but false, not an error, when the value is not base64 text.</summary>
    public bool TryReadBase64(out ByteString value)
    {
        value = ByteString.Empty;
        if (_reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (_reader.ValueSpan.IsEmpty)
        {
            return true;
        }

        if (_reader.TryGetBytesFromBase64(out byte[]? bytes) || TryDecodeLenientBase64(StringBytes(), out bytes))
        {
            value = UnsafeByteOperations.UnsafeWrap(bytes);
            return true;
        }

        return false;
    }

    /// <summary>An enum as a number or a value name such as <c>"SPAN_KIND_SERVER"</c>; unknown names fail.</summary>
    public int ReadEnum(EnumNameParser parseName, string enumName)
    {
        if (_reader.TokenType == JsonTokenType.String)
        {
            return parseName(StringBytes(), out int named)
                ? named
                : throw Invalid($"{Describe()} is not a {enumName} value name");
        }

        // Proto3 enums are open: numbers the schema does not list are kept, as protobuf itself keeps them.
        if (_reader.TokenType == JsonTokenType.Number && _reader.TryGetInt32(out int number))
        {
            return number;
        }

        throw Invalid($"expected a {enumName} number or name, got {Describe()}");
    }

    private OtlpJsonException NotA(string type) => Invalid($"{Describe()} is not a valid {type}");

    private bool TryGetUInt64(out ulong value)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.Number:
                if (_reader.TryGetUInt64(out value))
                {
                    return true;
                }

                // Exponent or fraction forms such as 1e3 or 5.0, still whole numbers.
                if (TryGetWholeDecimal(out decimal whole) && whole >= 0 && whole <= ulong.MaxValue)
                {
                    value = (ulong)whole;
                    return true;
                }

                return false;
            case JsonTokenType.String:
                ReadOnlySpan<byte> text = StringBytes();
                return Utf8Parser.TryParse(text, out value, out int used) && used == text.Length;
            default:
                value = 0;
                return false;
        }
    }

    private bool TryGetInt64(out long value)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.Number:
                if (_reader.TryGetInt64(out value))
                {
                    return true;
                }

                if (TryGetWholeDecimal(out decimal whole) && whole >= long.MinValue && whole <= long.MaxValue)
                {
                    value = (long)whole;
                    return true;
                }

                return false;
            case JsonTokenType.String:
                ReadOnlySpan<byte> text = StringBytes();
                return Utf8Parser.TryParse(text, out value, out int used) && used == text.Length;
            default:
                value = 0;
                return false;
        }
    }

    private bool TryGetWholeDecimal(out decimal value) =>
        _reader.TryGetDecimal(out value) && value == decimal.Truncate(value);

    private ReadOnlySpan<byte> StringBytes()
    {
        if (!_reader.ValueIsEscaped)
        {
            return _reader.ValueSpan;
        }

        // Escapes in ids and numbers are legal but rare; a fresh array keeps this off the key buffer.
        byte[] unescaped = new byte[_reader.ValueSpan.Length];
        return unescaped.AsSpan(0, _reader.CopyString(unescaped));
    }

    private static bool TryDecodeLenientBase64(ReadOnlySpan<byte> text, out byte[] bytes)
    {
        int padded = (text.Length + 3) & ~3;
        char[] chars = new char[padded];
        for (int i = 0; i < text.Length; i++)
        {
            chars[i] = text[i] switch
            {
                (byte)'-' => '+',
                (byte)'_' => '/',
                byte b => (char)b,
            };
        }

        chars.AsSpan(text.Length).Fill('=');
        bytes = new byte[padded / 4 * 3];
        if (Convert.TryFromBase64Chars(chars, bytes, out int written))
        {
            bytes = written == bytes.Length ? bytes : bytes[..written];
            return true;
        }

        return false;
    }
}
