namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>Hex coding of trace and span ids, which OTLP/JSON carries as hex rather than base64.</summary>
internal static class OtlpHex
{
    private static ReadOnlySpan<byte> LowerDigits => "0123456789abcdef"u8;

    /// <summary>Decodes hex of either case into <paramref name="bytes"/>; false on any non-hex byte.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> hex, Span<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            int high = Nibble(hex[2 * i]);
            int low = Nibble(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    /// <summary>Writes lowercase hex, the form the spec's examples and every SDK use.</summary>
    public static void EncodeLower(ReadOnlySpan<byte> bytes, Span<byte> hex)
    {
        ReadOnlySpan<byte> digits = LowerDigits;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            hex[2 * i] = digits[b >> 4];
            hex[(2 * i) + 1] = digits[b & 0xF];
        }
    }

    private static int Nibble(byte c)
    {
        // Branch-light: fold 'A'-'F' onto 'a'-'f' with the ASCII case bit, then range-check both classes.
        int digit = c - '0';
        if ((uint)digit <= 9)
        {
            return digit;
        }

        int letter = (c | 0x20) - 'a';
        return (uint)letter <= 5 ? letter + 10 : -1;
    }
}
