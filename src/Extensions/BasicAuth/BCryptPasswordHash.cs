using System.Globalization;
using System.Security.Cryptography;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>A bcrypt hash, <c>$2y$10$</c> + 22 characters of salt + 31 of digest (<c>htpasswd -B</c>).</summary>
internal sealed class BCryptPasswordHash : PasswordHash
{
    /// <summary>Length of a bcrypt hash string.</summary>
    public const int EncodedLength = 60;

    private readonly BCryptVariant _variant;
    private readonly int _cost;
    private readonly byte[] _salt;
    private readonly byte[] _digest;

    private BCryptPasswordHash(BCryptVariant variant, int cost, byte[] salt, byte[] digest)
    {
        _variant = variant;
        _cost = cost;
        _salt = salt;
        _digest = digest;
    }

    /// <inheritdoc />
    public override string Scheme => "bcrypt";

    /// <summary>The cost (log2 of the rounds).</summary>
    public int Cost => _cost;

    /// <inheritdoc />
    public override long Work => 1L << _cost;

    /// <summary>Parses a bcrypt hash string; the error names what is wrong without repeating the hash.</summary>
    public static bool TryParseFormat(string encoded, out PasswordHash? hash, out string? error)
    {
        hash = null;
        error = null;
        if (encoded.Length < 4 || encoded[0] != '$' || encoded[1] != '2' || encoded[3] != '$')
        {
            error = "malformed bcrypt hash: expected $2y$, $2b$, $2a$ or $2x$ followed by the cost";
            return false;
        }

        BCryptVariant? variant = encoded[2] switch
        {
            'a' => BCryptVariant.A,
            'b' => BCryptVariant.B,
            'x' => BCryptVariant.X,
            'y' => BCryptVariant.Y,
            _ => null,
        };
        if (variant is null)
        {
            error = $"unsupported bcrypt revision \"{encoded[..Math.Min(encoded.Length, 4)]}\" (supported: $2y$, $2b$, $2a$, $2x$)";
            return false;
        }

        if (encoded.Length != EncodedLength || encoded[6] != '$'
            || !int.TryParse(encoded.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int cost))
        {
            error = $"malformed bcrypt hash: expected {EncodedLength} characters, $2y$NN$ then 53 characters of salt and digest";
            return false;
        }

        if (cost is < BCrypt.MinCost or > BCrypt.MaxCost)
        {
            error = $"malformed bcrypt hash: cost {cost} is outside {BCrypt.MinCost}..{BCrypt.MaxCost}";
            return false;
        }

        var salt = new byte[BCrypt.SaltLength];
        var digest = new byte[BCrypt.DigestLength];
        if (!CryptBase64.TryDecodeBCrypt(encoded.AsSpan(7, 22), salt) || !CryptBase64.TryDecodeBCrypt(encoded.AsSpan(29, 31), digest))
        {
            error = "malformed bcrypt hash: salt or digest holds characters outside ./A-Za-z0-9";
            return false;
        }

        hash = new BCryptPasswordHash(variant.Value, cost, salt, digest);
        return true;
    }

    /// <summary>Builds the hash string of <paramref name="password"/> (used by tests and to make look-alike entries).</summary>
    public static string Create(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int cost, BCryptVariant variant = BCryptVariant.Y)
    {
        Span<byte> digest = stackalloc byte[BCrypt.DigestLength];
        BCrypt.Hash(password, salt, cost, variant, digest);
        char revision = variant switch
        {
            BCryptVariant.A => 'a',
            BCryptVariant.B => 'b',
            BCryptVariant.X => 'x',
            _ => 'y',
        };
        return string.Create(CultureInfo.InvariantCulture, $"$2{revision}${cost:D2}${CryptBase64.EncodeBCrypt(salt)}{CryptBase64.EncodeBCrypt(digest)}");
    }

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<byte> password)
    {
        Span<byte> digest = stackalloc byte[BCrypt.DigestLength];
        BCrypt.Hash(password, _salt, _cost, _variant, digest);
        bool equal = CryptographicOperations.FixedTimeEquals(digest, _digest);
        CryptographicOperations.ZeroMemory(digest);
        return equal;
    }
}
