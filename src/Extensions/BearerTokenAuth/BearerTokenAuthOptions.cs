using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.BearerTokenAuth;

/// <summary>Options of the <c>bearertokenauth</c> extension (server side), with the reference extension's defaults.</summary>
public sealed record BearerTokenAuthOptions
{
    /// <summary>The scheme written before the token; empty means the header holds the bare token.</summary>
    public string Scheme { get; init; } = "Bearer";

    /// <summary>The header (or gRPC metadata key) holding the credentials.</summary>
    public string Header { get; init; } = "Authorization";

    /// <summary>A single accepted token; null when not written.</summary>
    public string? Token { get; init; }

    /// <summary>Accepted tokens; empty when not written.</summary>
    public IReadOnlyList<string> Tokens { get; init; } = [];

    /// <summary>A file holding the accepted tokens, one per line; it is watched, and when set it replaces <see cref="Token"/>/<see cref="Tokens"/>.</summary>
    public string? Filename { get; init; }

    /// <summary>The tokens written in the config (<see cref="Token"/> or <see cref="Tokens"/>).</summary>
    public IReadOnlyList<string> ConfiguredTokens => Token is { Length: > 0 } token ? [token] : Tokens;

    /// <summary>Binds <c>extensions::bearertokenauth</c>, reporting every problem.</summary>
    public static BearerTokenAuthOptions Bind(ConfigSection section)
    {
        var d = new BearerTokenAuthOptions();
        var options = new BearerTokenAuthOptions
        {
            Scheme = section.String("scheme", d.Scheme),
            Header = section.String("header", d.Header),

            // An empty token counts as not written, as in the reference (an empty string would match an empty header).
            Token = section.StringOrNull("token") is { Length: > 0 } token ? token : null,
            Tokens = section.StringList("tokens") ?? [],
            Filename = section.StringOrNull("filename") is { Length: > 0 } file ? file : null,
        };

        // Only the server side is built here; the client keys of the reference would be rejected as unknown.
        section.ReportUnknownKeys();

        if (options.Token is null && options.Tokens.Count == 0 && options.Filename is null)
        {
            section.Invalid("no bearer token provided");
        }
        else if (options.Token is not null && options.Tokens.Count > 0)
        {
            section.Invalid("either tokens or token should be provided, not both");
        }

        for (int i = 0; i < options.Tokens.Count; i++)
        {
            if (options.Tokens[i].Length == 0)
            {
                section.Invalid("tokens", $"tokens[{i}] is empty; an empty token would accept a request that sends just the scheme");
            }
        }

        if (options.Header.Length == 0 || !IsHeaderName(options.Header))
        {
            section.Invalid("header", $"\"{options.Header}\" is not a valid header name");
        }

        return options;
    }

    // RFC 9110 token characters; anything else could never arrive as a header name.
    private static bool IsHeaderName(string name)
    {
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
