using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>
/// The <c>basicauth</c> extension, server side: checks <c>Authorization: Basic base64(user:password)</c> against
/// htpasswd entries (a file read at start and/or inline lines, inline winning). The principal is the user name.
/// </summary>
public sealed class BasicAuthExtension : IComponent, IServerAuthenticator
{
    private const string Prefix = "Basic ";
    private const string AuthorizationHeader = "Authorization";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ComponentContext _context;
    private readonly BasicAuthOptions _options;

    // A bcrypt check costs tens of milliseconds by design, and a collector's clients send the same credentials with
    // every request. After one full check succeeds, later requests with the same password are checked against a keyed
    // MAC of it (key random per process, never stored), so only new or wrong passwords pay the full price.
    private readonly ConcurrentDictionary<string, VerifiedPassword> _verified = new(StringComparer.Ordinal);
    private readonly byte[] _macKey = RandomNumberGenerator.GetBytes(32);
    private volatile HtpasswdTable? _table;

    public BasicAuthExtension(ComponentContext context, BasicAuthOptions options)
    {
        _context = context;
        _options = options;
    }

    /// <summary>How many users were loaded.</summary>
    public int UserCount => _table?.Count ?? 0;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sources = new List<(string Text, string Source)>(2);
        if (_options.Htpasswd.File is { } file)
        {
            try
            {
                sources.Add((File.ReadAllText(file), $"htpasswd file \"{file}\""));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new ComponentStartException($"extensions::{_context.Id}: cannot read the htpasswd file \"{file}\": {ex.Message}", ex);
            }
        }

        // Read last, so that a user in both keeps the inline entry.
        if (_options.Htpasswd.Inline is { } inline)
        {
            sources.Add((inline, "htpasswd.inline"));
        }

        var problems = new List<string>();
        var table = HtpasswdTable.Build(sources, problems);
        if (problems.Count > 0)
        {
            throw new ComponentStartException($"extensions::{_context.Id}: invalid htpasswd entries: {string.Join("; ", problems)}");
        }

        if (table.Count == 0)
        {
            _context.Logger.LogWarning("No htpasswd users were loaded; every request is refused");
        }
        else
        {
            _context.Logger.LogInformation("Loaded {Count} htpasswd user(s)", table.Count);
        }

        _verified.Clear();
        _table = table;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask<AuthenticationResult> AuthenticateAsync(IDictionary<string, StringValues> headers, CancellationToken cancellationToken)
        => ValueTask.FromResult(Authenticate(headers));

    private AuthenticationResult Authenticate(IDictionary<string, StringValues> headers)
    {
        if (!headers.TryGetValue(AuthorizationHeader, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticationResult.Fail("no basic auth provided");
        }

        var value = values[0]!;
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationResult.Fail("invalid authorization scheme prefix");
        }

        var encoded = value.AsSpan(Prefix.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, (encoded.Length / 4 * 3) + 3));
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, buffer, out int length))
            {
                return AuthenticationResult.Fail("invalid authorization format");
            }

            var decoded = buffer.AsSpan(0, length);
            int colon = decoded.IndexOf((byte)':');
            if (colon < 0)
            {
                CryptographicOperations.ZeroMemory(decoded);
                return AuthenticationResult.Fail("invalid authorization format");
            }

            var password = decoded[(colon + 1)..];
            bool ok = Check(decoded[..colon], password, out var user);
            CryptographicOperations.ZeroMemory(decoded);
            return ok ? AuthenticationResult.Success(user!) : AuthenticationResult.Fail("invalid credentials");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Check(ReadOnlySpan<byte> userBytes, ReadOnlySpan<byte> password, out string? user)
    {
        user = null;
        var table = _table;
        if (table is null)
        {
            return false;
        }

        string? name = null;
        try
        {
            name = StrictUtf8.GetString(userBytes);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8, so not a name from the htpasswd text: handled as an unknown user below.
        }

        if (name is null || !table.TryGet(name, out var hash))
        {
            // Spend what a real check would, so the response time does not tell which user names exist.
            table.MostExpensive?.Verify(password);
            return false;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_macKey, password, mac);
        if (_verified.TryGetValue(name, out var known) && ReferenceEquals(known.Hash, hash) && CryptographicOperations.FixedTimeEquals(known.Mac, mac))
        {
            user = name;
            return true;
        }

        if (!hash.Verify(password))
        {
            return false;
        }

        _verified[name] = new VerifiedPassword(hash, mac.ToArray());
        user = name;
        return true;
    }

    private sealed record VerifiedPassword(PasswordHash Hash, byte[] Mac);
}
