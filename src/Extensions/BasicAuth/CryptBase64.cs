namespace MiniCollector.Extensions.BasicAuth;

/// <summary>
/// The two base-64 encodings of Unix password hashes, which differ from RFC 4648 and from each other: bcrypt's
/// (alphabet <c>./A-Za-z0-9</c>, bits taken most significant first) and crypt's "to64" used by MD5-crypt and
/// SHA-crypt (alphabet <c>./0-9A-Za-z</c>, least significant six bits first).
/// </summary>
internal static class CryptBase64
{
    /// <summary>bcrypt's alphabet.</summary>
    public const string BCryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>crypt's alphabet (MD5-crypt, SHA-crypt, DES crypt).</summary>
    public const string CryptAlphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly System.Buffers.SearchValues<char> Alphabet = System.Buffers.SearchValues.Create(CryptAlphabet);

    /// <summary>Characters bcrypt's encoding needs for <paramref name="bytes"/> bytes (no padding).</summary>
    public static int BCryptEncodedLength(int bytes) => ((bytes * 8) + 5) / 6;

    /// <summary>
    /// Decodes exactly <c>output.Length</c> bytes from <paramref name="text"/>, which must be
    /// <see cref="BCryptEncodedLength"/> characters long. Spare low bits of the last character are ignored, as every
    /// bcrypt implementation does.
    /// </summary>
    public static bool TryDecodeBCrypt(ReadOnlySpan<char> text, Span<byte> output)
    {
        if (text.Length != BCryptEncodedLength(output.Length))
        {
            return false;
        }

        int bits = 0;
        int accumulator = 0;
        int written = 0;
        foreach (char c in text)
        {
            int value = BCryptAlphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            accumulator = (accumulator << 6) | value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                if (written < output.Length)
                {
                    output[written++] = (byte)(accumulator >> bits);
                }

                accumulator &= (1 << bits) - 1;
            }
        }

        return written == output.Length;
    }

    /// <summary>Encodes bytes in bcrypt's encoding (no padding).</summary>
    public static string EncodeBCrypt(ReadOnlySpan<byte> data)
    {
        var chars = new char[BCryptEncodedLength(data.Length)];
        int bits = 0;
        int accumulator = 0;
        int n = 0;
        foreach (byte b in data)
        {
            accumulator = (accumulator << 8) | b;
            bits += 8;
            while (bits >= 6)
            {
                bits -= 6;
                chars[n++] = BCryptAlphabet[(accumulator >> bits) & 0x3F];
            }

            accumulator &= (1 << bits) - 1;
        }

        if (bits > 0)
        {
            chars[n++] = BCryptAlphabet[(accumulator << (6 - bits)) & 0x3F];
        }

        return new string(chars, 0, n);
    }

    /// <summary>True when every character is in bcrypt's alphabet.</summary>
    public static bool IsBCryptText(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Alphabet);

    /// <summary>True when every character is in crypt's alphabet (the same characters in another order).</summary>
    public static bool IsCryptText(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Alphabet);

    /// <summary>crypt's "to64": appends the low <c>6 * count</c> bits of <c>(b2 &lt;&lt; 16) | (b1 &lt;&lt; 8) | b0</c>, least significant first.</summary>
    public static void AppendCrypt(System.Text.StringBuilder output, byte b2, byte b1, byte b0, int count)
    {
        int value = (b2 << 16) | (b1 << 8) | b0;
        for (int i = 0; i < count; i++)
        {
            output.Append(CryptAlphabet[value & 0x3F]);
            value >>= 6;
        }
    }
}
