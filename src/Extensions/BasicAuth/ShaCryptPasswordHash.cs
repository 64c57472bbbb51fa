using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>
/// Ulrich Drepper's SHA-crypt: <c>$5$</c> (SHA-256) and <c>$6$</c> (SHA-512), optionally with <c>rounds=N$</c>, as
/// <c>htpasswd -2</c> / <c>-5</c> and glibc crypt() write them.
/// </summary>
internal sealed class ShaCryptPasswordHash : PasswordHash
{
    /// <summary>SHA-256 magic.</summary>
    public const string Sha256Magic = "$5$";

    /// <summary>SHA-512 magic.</summary>
    public const string Sha512Magic = "$6$";

    /// <summary>Rounds when the hash does not say.</summary>
    public const int DefaultRounds = 5000;

    private const string RoundsPrefix = "rounds=";
    private const int MinRounds = 1000;
    private const int MaxRounds = 999_999_999;
    private const int MaxSaltLength = 16;

    // The digest bytes in the order the specification encodes them, three at a time (high, middle, low byte of each
    // 24-bit group); the last group is shorter and listed separately.
    private static ReadOnlySpan<byte> Sha256Order =>
    [
        0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14, 15, 25, 5, 6, 16, 26, 27, 7, 17, 18, 28, 8, 9, 19, 29,
    ];

    private static ReadOnlySpan<byte> Sha512Order =>
    [
        0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50, 8, 29, 9, 30, 51,
        31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60,
        40, 61, 19, 62, 20, 41,
    ];

    private readonly bool _sha512;
    private readonly int? _rounds;
    private readonly string _salt;
    private readonly byte[] _encoded;

    private ShaCryptPasswordHash(bool sha512, int? rounds, string salt, string encoded)
    {
        _sha512 = sha512;
        _rounds = rounds;
        _salt = salt;
        _encoded = Encoding.ASCII.GetBytes(encoded);
    }

    /// <inheritdoc />
    public override string Scheme => _sha512 ? "sha512-crypt" : "sha256-crypt";

    /// <inheritdoc />
    public override long Work => (_rounds ?? DefaultRounds) / 150;

    /// <summary>Parses <c>$5$[rounds=N$]salt$digest</c> or the <c>$6$</c> form.</summary>
    public static bool TryParseFormat(string encoded, out PasswordHash? hash, out string? error)
    {
        hash = null;
        error = null;
        bool sha512 = encoded.StartsWith(Sha512Magic, StringComparison.Ordinal);
        string magic = sha512 ? Sha512Magic : Sha256Magic;
        int digestChars = sha512 ? 86 : 43;
        var rest = encoded.AsSpan(magic.Length);
        int? rounds = null;
        if (rest.StartsWith(RoundsPrefix, StringComparison.Ordinal))
        {
            int end = rest.IndexOf('$');
            if (end < 0 || !int.TryParse(rest[RoundsPrefix.Length..end], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                error = $"malformed SHA-crypt hash: expected {magic}rounds=<number>$";
                return false;
            }

            rounds = Math.Clamp(n, MinRounds, MaxRounds);
            rest = rest[(end + 1)..];
        }

        int dollar = rest.IndexOf('$');
        if (dollar < 0 || dollar > MaxSaltLength || rest.Length - dollar - 1 != digestChars || !CryptBase64.IsCryptText(rest[(dollar + 1)..]))
        {
            error = $"malformed SHA-crypt hash: expected {magic}[rounds=N$]<salt of up to {MaxSaltLength} characters>$<{digestChars} characters>";
            return false;
        }

        hash = new ShaCryptPasswordHash(sha512, rounds, rest[..dollar].ToString(), encoded);
        return true;
    }

    /// <summary>The full hash string; <paramref name="rounds"/> null means the default and is then not written.</summary>
    public static string Compute(ReadOnlySpan<byte> password, bool sha512, string salt, int? rounds)
    {
        if (salt.Length > MaxSaltLength)
        {
            salt = salt[..MaxSaltLength];
        }

        int roundCount = rounds is { } r ? Math.Clamp(r, MinRounds, MaxRounds) : DefaultRounds;
        var algorithm = sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        int size = sha512 ? SHA512.HashSizeInBytes : SHA256.HashSizeInBytes;
        var saltBytes = Encoding.UTF8.GetBytes(salt);
        using var context = IncrementalHash.CreateHash(algorithm);
        Span<byte> b = stackalloc byte[size];
        Span<byte> a = stackalloc byte[size];

        // B = H(password + salt + password)
        context.AppendData(password);
        context.AppendData(saltBytes);
        context.AppendData(password);
        context.GetHashAndReset(b);

        // A = H(password + salt + B repeated to the password's length + B or password per bit of the length)
        context.AppendData(password);
        context.AppendData(saltBytes);
        AppendRepeated(context, b, password.Length);
        for (int bits = password.Length; bits > 0; bits >>= 1)
        {
            if ((bits & 1) != 0)
            {
                context.AppendData(b);
            }
            else
            {
                context.AppendData(password);
            }
        }

        context.GetHashAndReset(a);

        // P: H(password repeated length times), stretched to the password's length; S: H(salt repeated 16 + A[0]
        // times), cut to the salt's length.
        for (int i = 0; i < password.Length; i++)
        {
            context.AppendData(password);
        }

        context.GetHashAndReset(b);
        var p = new byte[password.Length];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = b[i % size];
        }

        for (int i = 0; i < 16 + a[0]; i++)
        {
            context.AppendData(saltBytes);
        }

        context.GetHashAndReset(b);
        var s = b[..saltBytes.Length].ToArray();

        CryptRounds.Run(context, p, s, a, roundCount);

        var output = new StringBuilder(128);
        output.Append(sha512 ? Sha512Magic : Sha256Magic);
        if (rounds is not null)
        {
            output.Append(RoundsPrefix).Append(roundCount.ToString(CultureInfo.InvariantCulture)).Append('$');
        }

        output.Append(salt).Append('$');
        var order = sha512 ? Sha512Order : Sha256Order;
        for (int i = 0; i < order.Length; i += 3)
        {
            CryptBase64.AppendCrypt(output, a[order[i]], a[order[i + 1]], a[order[i + 2]], 4);
        }

        if (sha512)
        {
            CryptBase64.AppendCrypt(output, 0, 0, a[63], 2);
        }
        else
        {
            CryptBase64.AppendCrypt(output, 0, a[31], a[30], 3);
        }

        CryptographicOperations.ZeroMemory(p);
        CryptographicOperations.ZeroMemory(a);
        return output.ToString();
    }

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<byte> password)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(password, _sha512, _salt, _rounds)), _encoded);

    private static void AppendRepeated(IncrementalHash context, ReadOnlySpan<byte> block, int length)
    {
        int remaining = length;
        while (remaining > block.Length)
        {
            context.AppendData(block);
            remaining -= block.Length;
        }

        context.AppendData(block[..remaining]);
    }
}
