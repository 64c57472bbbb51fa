using System.Text;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>A plain-text password (<c>htpasswd -p</c>).</summary>
internal sealed class PlainPasswordHash(string password) : PasswordHash
{
    private readonly byte[] _password = Encoding.UTF8.GetBytes(password);

    /// <inheritdoc />
    public override string Scheme => "plain";

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<byte> password) => FixedTimeEqualsAnyLength(_password, password);
}
