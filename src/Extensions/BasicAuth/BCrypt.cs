using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>The bcrypt revisions found in htpasswd files; they differ only in how the password becomes key words.</summary>
internal enum BCryptVariant
{
    /// <summary><c>$2a$</c>: correct, plus crypt_blowfish's countermeasure for a rare 8-bit key collision.</summary>
    A,

    /// <summary><c>$2b$</c>: the correct algorithm (OpenBSD's name).</summary>
    B,

    /// <summary><c>$2x$</c>: crypt_blowfish's old sign-extension bug, kept so such hashes still verify.</summary>
    X,

    /// <summary><c>$2y$</c>: the correct algorithm (crypt_blowfish's name; what htpasswd -B writes).</summary>
    Y,
}

/// <summary>
/// bcrypt (Provos and Mazières, 1999): the Eksblowfish key schedule followed by 64 Blowfish encryptions of
/// "OrpheanBeholderScryDoubt". Written from the published algorithm; checked against the OpenBSD / crypt_blowfish
/// test vectors and against hashes made by Apache's htpasswd.
/// </summary>
/// <remarks>
/// Kept instead of BCrypt.Net-Next 4.2.0, which takes the password only as a string and hashes its UTF-8: a Basic auth
/// password is bytes, and 19 of the 24 crypt_blowfish vectors (bytes 0xA3, 0xFF, ...) cannot be given to it at all. It
/// also reads <c>$2x$</c> as <c>$2y$</c>, so a vector whose password is valid UTF-8 (D1 91, hash
/// <c>$2x$05$6bNw2HLQYeqHYyBfLMsv/OiwqTymGIGzFsA4hOTWebfehXHNprcAS</c>) does not verify either.
/// </remarks>
internal static class BCrypt
{
    /// <summary>Smallest cost the format allows.</summary>
    public const int MinCost = 4;

    /// <summary>Largest cost the format allows (2^31 rounds).</summary>
    public const int MaxCost = 31;

    /// <summary>Bytes of salt.</summary>
    public const int SaltLength = 16;

    /// <summary>Bytes of digest kept in the hash string (the 24th byte of ciphertext is dropped by every implementation).</summary>
    public const int DigestLength = 23;

    private const int PWords = 18;
    private const int SWords = 1024;

    // Blowfish reads at most 18 key words, so only the first 72 bytes of the password (NUL terminator included) count.
    private const int KeyBytes = PWords * 4;

    private static ReadOnlySpan<byte> MagicText => "OrpheanBeholderScryDoubt"u8;

    /// <summary>Computes the 23-byte bcrypt digest of <paramref name="password"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int cost, BCryptVariant variant, Span<byte> digest)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"bcrypt needs a {SaltLength}-byte salt", nameof(salt));
        }

        if (cost is < MinCost or > MaxCost)
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, $"bcrypt cost must be between {MinCost} and {MaxCost}");
        }

        if (digest.Length < DigestLength)
        {
            throw new ArgumentException($"bcrypt needs {DigestLength} bytes for the digest", nameof(digest));
        }

        Span<uint> keyWords = stackalloc uint[PWords];
        bool collisionCountermeasure = KeyWords(password, variant, keyWords);

        Span<uint> saltWords = stackalloc uint[4];
        for (int i = 0; i < 4; i++)
        {
            saltWords[i] = BinaryPrimitives.ReadUInt32BigEndian(salt[(i * 4)..]);
        }

        // The salt read as 18 key words, for the salt half of each expensive round.
        Span<uint> saltKeyWords = stackalloc uint[PWords];
        for (int i = 0; i < PWords; i++)
        {
            saltKeyWords[i] = saltWords[i & 3];
        }

        var p = new uint[PWords];
        var s = new uint[SWords];
        BlowfishInitialState.P.CopyTo(p);
        BlowfishInitialState.S.CopyTo(s);

        // EksBlowfishSetup: one salted key expansion, then 2^cost alternating expansions by key and by salt.
        XorKey(p, keyWords);
        if (collisionCountermeasure)
        {
            p[0] ^= 0x10000;
        }

        FillState(p, s, saltWords);
        uint rounds = 1u << cost;
        for (uint r = 0; r < rounds; r++)
        {
            XorKey(p, keyWords);
            FillState(p, s, default);
            XorKey(p, saltKeyWords);
            FillState(p, s, default);
        }

        Span<uint> text = stackalloc uint[6];
        for (int i = 0; i < 6; i++)
        {
            text[i] = BinaryPrimitives.ReadUInt32BigEndian(MagicText[(i * 4)..]);
        }

        for (int block = 0; block < 6; block += 2)
        {
            uint l = text[block];
            uint rr = text[block + 1];
            for (int i = 0; i < 64; i++)
            {
                Encrypt(p, s, ref l, ref rr);
            }

            text[block] = l;
            text[block + 1] = rr;
        }

        Span<byte> full = stackalloc byte[24];
        for (int i = 0; i < 6; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(full[(i * 4)..], text[i]);
        }

        full[..DigestLength].CopyTo(digest);
        CryptographicClear(full);
        CryptographicClear(MemoryMarshal.AsBytes(keyWords));
    }

    /// <summary>
    /// Turns the password into the 18 key words Blowfish reads: the bytes, then a NUL, repeated until 72 bytes were
    /// read. Returns true when crypt_blowfish's <c>$2a$</c> countermeasure applies (see below).
    /// </summary>
    internal static bool KeyWords(ReadOnlySpan<byte> password, BCryptVariant variant, Span<uint> words)
    {
        // Only the first 72 bytes can be read; a longer password behaves as its 72-byte prefix.
        int length = Math.Min(password.Length, KeyBytes);
        int keyLength = length + 1;
        int position = 0;
        bool sawHighBitAfterFirst = false;
        uint difference = 0;
        for (int i = 0; i < PWords; i++)
        {
            uint correct = 0;
            uint signExtended = 0;
            for (int j = 0; j < 4; j++)
            {
                byte b = position < length ? password[position] : (byte)0;
                correct = (correct << 8) | b;

                // crypt_blowfish before 1.1 read key bytes as signed chars, ORing 0xFFFFFF into the word for every
                // byte >= 0x80: that is the $2x$ behaviour.
                signExtended = (signExtended << 8) | ((b & 0x80) != 0 ? 0xFFFFFF00u | b : b);
                if (j != 0 && (b & 0x80) != 0)
                {
                    sawHighBitAfterFirst = true;
                }

                position = position + 1 == keyLength ? 0 : position + 1;
            }

            difference |= correct ^ signExtended;
            words[i] = variant == BCryptVariant.X ? signExtended : correct;
        }

        // crypt_blowfish 1.1+ changes $2a$ hashes of the rare passwords whose buggy and correct key words coincide
        // although they hold 8-bit bytes (e.g. "\xff\xff\xa3"), so that an old buggy hash can never verify a
        // different password. htpasswd uses crypt_blowfish, so its $2a$ hashes need the same tweak.
        return variant == BCryptVariant.A && difference == 0 && sawHighBitAfterFirst;
    }

    private static void XorKey(uint[] p, ReadOnlySpan<uint> keyWords)
    {
        for (int i = 0; i < PWords; i++)
        {
            p[i] ^= keyWords[i];
        }
    }

    /// <summary>
    /// Replaces P and then S by successive encryptions of a running block; with a salt, each block is first XORed with
    /// the next two salt words (cycling, and continuing from P into S as the algorithm requires).
    /// </summary>
    private static void FillState(uint[] p, uint[] s, ReadOnlySpan<uint> salt)
    {
        uint l = 0;
        uint r = 0;
        int saltIndex = 0;
        bool salted = !salt.IsEmpty;
        for (int i = 0; i < PWords; i += 2)
        {
            if (salted)
            {
                l ^= salt[saltIndex];
                r ^= salt[saltIndex + 1];
                saltIndex ^= 2;
            }

            Encrypt(p, s, ref l, ref r);
            p[i] = l;
            p[i + 1] = r;
        }

        for (int i = 0; i < SWords; i += 2)
        {
            if (salted)
            {
                l ^= salt[saltIndex];
                r ^= salt[saltIndex + 1];
                saltIndex ^= 2;
            }

            Encrypt(p, s, ref l, ref r);
            s[i] = l;
            s[i + 1] = r;
        }
    }

    /// <summary>One Blowfish block encryption (16 Feistel rounds), unrolled because it is all bcrypt spends time on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Encrypt(uint[] p, uint[] s, ref uint left, ref uint right)
    {
        ref uint sb = ref MemoryMarshal.GetArrayDataReference(s);

        // Reading the last subkey first lets the JIT drop the bounds checks of the 17 constant indices below it.
        uint last = p[17];
        uint l = left ^ p[0];
        uint r = right;
        r ^= F(ref sb, l) ^ p[1];
        l ^= F(ref sb, r) ^ p[2];
        r ^= F(ref sb, l) ^ p[3];
        l ^= F(ref sb, r) ^ p[4];
        r ^= F(ref sb, l) ^ p[5];
        l ^= F(ref sb, r) ^ p[6];
        r ^= F(ref sb, l) ^ p[7];
        l ^= F(ref sb, r) ^ p[8];
        r ^= F(ref sb, l) ^ p[9];
        l ^= F(ref sb, r) ^ p[10];
        r ^= F(ref sb, l) ^ p[11];
        l ^= F(ref sb, r) ^ p[12];
        r ^= F(ref sb, l) ^ p[13];
        l ^= F(ref sb, r) ^ p[14];
        r ^= F(ref sb, l) ^ p[15];
        l ^= F(ref sb, r) ^ p[16];
        left = r ^ last;
        right = l;
    }

    // The indices are bytes (0..255) into S-boxes of 256 words at offsets 0, 256, 512, 768 of a 1024-word array, so they
    // are always in range; reading through a ref skips bounds checks the JIT cannot prove away.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(ref uint s, uint x)
        => ((Unsafe.Add(ref s, (int)(x >> 24)) + Unsafe.Add(ref s, 256 + (int)((x >> 16) & 0xFF)))
            ^ Unsafe.Add(ref s, 512 + (int)((x >> 8) & 0xFF)))
           + Unsafe.Add(ref s, 768 + (int)(x & 0xFF));

    private static void CryptographicClear(Span<byte> buffer) => System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
}
