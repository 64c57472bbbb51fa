using System.Security.Cryptography;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>
/// <c>{SHA}</c>: base64 of the unsalted SHA-1 of the password (<c>htpasswd -s</c>), and <c>{SSHA}</c>: base64 of
/// SHA-1(password + salt) followed by the salt (written by LDAP tools, accepted by the reference's library).
/// </summary>
internal sealed class Sha1PasswordHash : PasswordHash
{
    /// <summary>Prefix of the unsalted form.</summary>
    public const string ShaPrefix = "{SHA}";

    /// <summary>Prefix of the salted form.</summary>
    public const string SshaPrefix = "{SSHA}";

    private readonly byte[] _digest;
    private readonly byte[] _salt;

    private Sha1PasswordHash(byte[] digest, byte[] salt)
    {
        _digest = digest;
        _salt = salt;
    }

    /// <inheritdoc />
    public override string Scheme => _salt.Length == 0 ? "{SHA}" : "{SSHA}";

    /// <summary>Parses <c>{SHA}base64</c> or <c>{SSHA}base64</c>.</summary>
    public static bool TryParseFormat(string encoded, out PasswordHash? hash, out string? error)
    {
        hash = null;
        error = null;
        bool salted = encoded.StartsWith(SshaPrefix, StringComparison.Ordinal);
        var body = encoded.AsSpan(salted ? SshaPrefix.Length : ShaPrefix.Length);
        var decoded = new byte[(body.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(body, decoded, out int length))
        {
            error = $"malformed {(salted ? SshaPrefix : ShaPrefix)} hash: not valid base64";
            return false;
        }

        if (salted ? length <= SHA1.HashSizeInBytes : length != SHA1.HashSizeInBytes)
        {
            error = salted
                ? $"malformed {SshaPrefix} hash: expected a 20-byte SHA-1 digest followed by a salt"
                : $"malformed {ShaPrefix} hash: expected a 20-byte SHA-1 digest, found {length} bytes";
            return false;
        }

        hash = new Sha1PasswordHash(decoded[..SHA1.HashSizeInBytes], decoded[SHA1.HashSizeInBytes..length]);
        return true;
    }

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<byte> password)
    {
        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];

        // SHA-1 is what these legacy formats are defined with; we only verify them, never choose them.
#pragma warning disable CA5350
        if (_salt.Length == 0)
        {
            SHA1.HashData(password, digest);
        }
        else
        {
            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            sha1.AppendData(password);
            sha1.AppendData(_salt);
            sha1.GetHashAndReset(digest);
        }
#pragma warning restore CA5350

        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }
}
