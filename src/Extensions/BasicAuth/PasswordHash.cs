using System.Security.Cryptography;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>
/// One stored password of an htpasswd line, in any of the formats Apache's htpasswd writes. Parsing recognises the
/// format by its prefix; anything without a known prefix is a plain-text password, as htpasswd -p writes and as the
/// reference collector's htpasswd library treats it.
/// </summary>
internal abstract class PasswordHash
{
    /// <summary>The format's name, for messages (never the hash itself).</summary>
    public abstract string Scheme { get; }

    /// <summary>
    /// A rough measure of the work one verification costs, so that a request naming an unknown user can be made to
    /// cost as much as the most expensive real entry (otherwise response time would reveal which users exist).
    /// </summary>
    public virtual long Work => 1;

    /// <summary>True when <paramref name="password"/> (the raw bytes the client sent) matches.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> password);

    /// <summary>
    /// Recognises the format of <paramref name="encoded"/>. A known prefix with a malformed body, or a hash scheme
    /// we know of but do not verify, is an error rather than plain text: the user meant a hash, and taking it as a
    /// password would let anyone who reads the file log in with the hash itself.
    /// </summary>
    public static bool TryParse(string encoded, out PasswordHash? hash, out string? error)
    {
        hash = null;
        error = null;
        if (encoded.StartsWith("$2", StringComparison.Ordinal))
        {
            return BCryptPasswordHash.TryParseFormat(encoded, out hash, out error);
        }

        if (encoded.StartsWith(Md5CryptPasswordHash.AprMagic, StringComparison.Ordinal) || encoded.StartsWith(Md5CryptPasswordHash.CryptMagic, StringComparison.Ordinal))
        {
            return Md5CryptPasswordHash.TryParseFormat(encoded, out hash, out error);
        }

        if (encoded.StartsWith(ShaCryptPasswordHash.Sha256Magic, StringComparison.Ordinal) || encoded.StartsWith(ShaCryptPasswordHash.Sha512Magic, StringComparison.Ordinal))
        {
            return ShaCryptPasswordHash.TryParseFormat(encoded, out hash, out error);
        }

        if (encoded.StartsWith(Sha1PasswordHash.ShaPrefix, StringComparison.Ordinal) || encoded.StartsWith(Sha1PasswordHash.SshaPrefix, StringComparison.Ordinal))
        {
            return Sha1PasswordHash.TryParseFormat(encoded, out hash, out error);
        }

        if (LooksLikeOtherScheme(encoded, out var scheme))
        {
            error = $"unsupported password hash scheme \"{scheme}\" (supported: bcrypt $2y$/$2b$/$2a$/$2x$, MD5 $apr1$/$1$, SHA-256 $5$, SHA-512 $6$, {{SHA}}, {{SSHA}}, plain text)";
            return false;
        }

        hash = new PlainPasswordHash(encoded);
        return true;
    }

    /// <summary>
    /// Constant-time equality of two byte strings of any lengths: both are hashed first, so neither the position of the
    /// first difference nor the length of the secret shows in the time taken.
    /// </summary>
    public static bool FixedTimeEqualsAnyLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Span<byte> da = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> db = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(a, da);
        SHA256.HashData(b, db);
        return CryptographicOperations.FixedTimeEquals(da, db);
    }

    // "$id$..." and "{NAME}..." prefixes of schemes other tools write (yescrypt $y$, $md5$, {SHA256}, ...).
    private static bool LooksLikeOtherScheme(string encoded, out string scheme)
    {
        scheme = string.Empty;
        if (encoded.Length > 2 && encoded[0] == '$')
        {
            int end = encoded.IndexOf('$', 1);
            if (end > 1 && IsSchemeName(encoded.AsSpan(1, end - 1)))
            {
                scheme = encoded[..(end + 1)];
                return true;
            }
        }
        else if (encoded.Length > 2 && encoded[0] == '{')
        {
            int end = encoded.IndexOf('}', 1);
            if (end > 1 && IsSchemeName(encoded.AsSpan(1, end - 1)) && encoded.AsSpan(1, end - 1).ContainsAnyInRange('A', 'Z'))
            {
                scheme = encoded[..(end + 1)];
                return true;
            }
        }

        return false;
    }

    private static bool IsSchemeName(ReadOnlySpan<char> name)
    {
        if (name.Length > 12)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
