using System.Security.Cryptography;
using System.Text;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>
/// Poul-Henning Kamp's MD5-crypt: <c>$apr1$salt$digest</c> as Apache's htpasswd writes by default (<c>-m</c>), and
/// the identical algorithm under the <c>$1$</c> magic used by glibc crypt().
/// </summary>
internal sealed class Md5CryptPasswordHash : PasswordHash
{
    /// <summary>Apache's magic.</summary>
    public const string AprMagic = "$apr1$";

    /// <summary>The original FreeBSD / glibc magic.</summary>
    public const string CryptMagic = "$1$";

    private const int MaxSaltLength = 8;
    private const int DigestChars = 22;

    private readonly string _magic;
    private readonly string _salt;
    private readonly byte[] _encoded;

    private Md5CryptPasswordHash(string magic, string salt, string encoded)
    {
        _magic = magic;
        _salt = salt;
        _encoded = Encoding.ASCII.GetBytes(encoded);
    }

    /// <inheritdoc />
    public override string Scheme => _magic == AprMagic ? "apr1" : "md5-crypt";

    /// <summary>Parses <c>$apr1$salt$digest</c> or <c>$1$salt$digest</c>.</summary>
    public static bool TryParseFormat(string encoded, out PasswordHash? hash, out string? error)
    {
        hash = null;
        error = null;
        string magic = encoded.StartsWith(AprMagic, StringComparison.Ordinal) ? AprMagic : CryptMagic;
        var rest = encoded.AsSpan(magic.Length);
        int dollar = rest.IndexOf('$');
        if (dollar < 0 || dollar > MaxSaltLength || rest.Length - dollar - 1 != DigestChars
            || !CryptBase64.IsCryptText(rest[..dollar]) || !CryptBase64.IsCryptText(rest[(dollar + 1)..]))
        {
            error = $"malformed MD5 hash: expected {magic}<salt of up to {MaxSaltLength} characters>$<{DigestChars} characters>";
            return false;
        }

        hash = new Md5CryptPasswordHash(magic, rest[..dollar].ToString(), encoded);
        return true;
    }

    /// <summary>The full hash string of <paramref name="password"/> with the given magic and salt (truncated to 8 characters).</summary>
    public static string Compute(ReadOnlySpan<byte> password, string magic, string salt)
    {
        if (salt.Length > MaxSaltLength)
        {
            salt = salt[..MaxSaltLength];
        }

        var saltBytes = Encoding.ASCII.GetBytes(salt);
        var magicBytes = Encoding.ASCII.GetBytes(magic);
        Span<byte> final = stackalloc byte[16];

        // MD5 is what the format is defined with; we verify existing hashes, never choose the algorithm.
#pragma warning disable CA5351
        using (var alternate = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
        {
            alternate.AppendData(password);
            alternate.AppendData(saltBytes);
            alternate.AppendData(password);
            alternate.GetHashAndReset(final);
        }

        using var context = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        context.AppendData(password);
        context.AppendData(magicBytes);
        context.AppendData(saltBytes);
        for (int remaining = password.Length; remaining > 0; remaining -= 16)
        {
            context.AppendData(final[..Math.Min(remaining, 16)]);
        }

        // The original C code meant to add the first byte of the final digest here but the buffer had just been
        // zeroed; every implementation reproduces that, so a set bit adds a NUL byte.
        ReadOnlySpan<byte> zero = [0];
        for (int bits = password.Length; bits != 0; bits >>= 1)
        {
            context.AppendData((bits & 1) != 0 ? zero : password[..1]);
        }

        context.GetHashAndReset(final);

        // 1000 extra rounds, mixing password, salt and the previous digest in an order that depends on the round.
        CryptRounds.Run(context, password, saltBytes, final, 1000);
#pragma warning restore CA5351

        var output = new StringBuilder(magic.Length + salt.Length + 1 + DigestChars);
        output.Append(magic).Append(salt).Append('$');
        CryptBase64.AppendCrypt(output, final[0], final[6], final[12], 4);
        CryptBase64.AppendCrypt(output, final[1], final[7], final[13], 4);
        CryptBase64.AppendCrypt(output, final[2], final[8], final[14], 4);
        CryptBase64.AppendCrypt(output, final[3], final[9], final[15], 4);
        CryptBase64.AppendCrypt(output, final[4], final[10], final[5], 4);
        CryptBase64.AppendCrypt(output, 0, 0, final[11], 2);
        CryptographicOperations.ZeroMemory(final);
        return output.ToString();
    }

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<byte> password)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(password, _magic, _salt)), _encoded);
}
