using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.BearerTokenAuth;

/// <summary>
/// The <c>bearertokenauth</c> extension, server side: a request is accepted when its header equals
/// <c>&lt;scheme&gt; &lt;token&gt;</c> for one of the configured tokens. Tokens come from the config or from a file that
/// is watched, so rotating the file takes effect while running.
/// </summary>
public sealed class BearerTokenAuthExtension : IComponent, IServerAuthenticator
{
    private readonly ComponentContext _context;
    private readonly BearerTokenAuthOptions _options;
    private readonly TimeSpan _pollInterval;
    private FileChangeMonitor? _monitor;

    // SHA-256 digests of every accepted header value, swapped as a whole when the token file changes. Comparing digests
    // makes each comparison take the same time whatever the lengths of the token and of what the client sent.
    private volatile byte[][] _accepted;

    public BearerTokenAuthExtension(ComponentContext context, BearerTokenAuthOptions options)
        : this(context, options, FileChangeMonitor.DefaultPollInterval)
    {
    }

    internal BearerTokenAuthExtension(ComponentContext context, BearerTokenAuthOptions options, TimeSpan pollInterval)
    {
        _context = context;
        _options = options;
        _pollInterval = pollInterval;
        _accepted = options.Filename is null ? Digests(options.ConfiguredTokens) : [];
    }

    /// <summary>How many tokens are accepted now (after the last file load).</summary>
    public int TokenCount => _accepted.Length;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Filename is not { } filename || _monitor is not null)
        {
            return Task.CompletedTask;
        }

        if (_options.ConfiguredTokens.Count > 0)
        {
            _context.Logger.LogWarning("Both filename and token(s) are set; the tokens of {File} are used and the configured token(s) ignored", filename);
        }

        var monitor = new FileChangeMonitor(filename, _pollInterval, OnFileChanged, _context.Logger, _context.Time);
        string content;
        try
        {
            content = monitor.Start();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            monitor.Dispose();
            throw new ComponentStartException($"extensions::{_context.Id}: cannot read the bearer token file \"{filename}\": {ex.Message}", ex);
        }

        _monitor = monitor;
        Apply(content, monitor.FilePath);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _monitor?.Dispose();
        _monitor = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<AuthenticationResult> AuthenticateAsync(IDictionary<string, StringValues> headers, CancellationToken cancellationToken)
    {
        if (!headers.TryGetValue(_options.Header, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return ValueTask.FromResult(AuthenticationResult.Fail($"missing or empty authorization header: {_options.Header}"));
        }

        var value = values[0]!;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        int maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = maxBytes > 512 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> buffer = rented is not null ? rented : stackalloc byte[512];
        int length = Encoding.UTF8.GetBytes(value, buffer);
        SHA256.HashData(buffer[..length], digest);
        if (rented is not null)
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(rented);
        }
        else
        {
            CryptographicOperations.ZeroMemory(buffer[..length]);
        }

        // Every token is compared, without stopping at a match, so the time does not tell which one matched.
        bool matched = false;
        foreach (var accepted in _accepted)
        {
            matched |= CryptographicOperations.FixedTimeEquals(accepted, digest);
        }

        // A bearer token names no one; the extension's id tells the logs which authenticator let the request in.
        return ValueTask.FromResult(matched
            ? AuthenticationResult.Success(_context.Id.ToString())
            : AuthenticationResult.Fail("scheme or token does not match"));
    }

    /// <summary>Tokens in a file: one per line, surrounding whitespace trimmed, blank lines skipped.</summary>
    internal static List<string> ParseTokenFile(string content)
    {
        var tokens = new List<string>();
        foreach (var line in content.AsSpan().EnumerateLines())
        {
            var token = line.Trim();
            if (!token.IsEmpty)
            {
                tokens.Add(token.ToString());
            }
        }

        return tokens;
    }

    private void OnFileChanged(string content) => Apply(content, _monitor?.FilePath ?? _options.Filename!);

    private void Apply(string content, string path)
    {
        var tokens = ParseTokenFile(content);
        _accepted = Digests(tokens);
        if (tokens.Count == 0)
        {
            _context.Logger.LogWarning("The bearer token file {File} holds no token; every request is refused until one is written", path);
        }
        else
        {
            _context.Logger.LogInformation("Loaded {Count} bearer token(s) from {File}", tokens.Count, path);
        }
    }

    private byte[][] Digests(IReadOnlyList<string> tokens)
    {
        var digests = new byte[tokens.Count][];
        for (int i = 0; i < tokens.Count; i++)
        {
            // The reference's rule: with a scheme the header is "<scheme> <token>", without one it is the bare token.
            var expected = _options.Scheme.Length > 0 ? _options.Scheme + " " + tokens[i] : tokens[i];
            digests[i] = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        }

        return digests;
    }
}
