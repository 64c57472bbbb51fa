using Microsoft.AspNetCore.Http;

namespace MiniCollector.Receivers.Otlp.Http;

/// <summary>Answers CORS preflights and decorates cross-origin responses, per the configured <see cref="CorsOptions"/>.</summary>
public sealed class CorsPolicy
{
    // Request headers every CORS policy allows (the fetch safelist plus X-Requested-With, as the reference does).
    private static readonly string[] AlwaysAllowedHeaders = ["accept", "accept-language", "content-language", "content-type", "origin", "x-requested-with"];

    private readonly CorsOptions _options;
    private readonly bool _anyHeader;
    private readonly HashSet<string> _allowedHeaders;

    public CorsPolicy(CorsOptions options)
    {
        _options = options;
        _anyHeader = options.AllowedHeaders.Contains("*");
        _allowedHeaders = new HashSet<string>(AlwaysAllowedHeaders.Concat(options.AllowedHeaders), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when CORS is on (at least one allowed origin).</summary>
    public bool Enabled => _options.AllowedOrigins.Count > 0;

    /// <summary>True for a preflight (<c>OPTIONS</c> with <c>Access-Control-Request-Method</c>).</summary>
    public static bool IsPreflight(HttpRequest request)
        => HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method");

    /// <summary>Answers a preflight: 204, with allow headers only when origin, method and headers are allowed.</summary>
    public void HandlePreflight(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.Append("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        var origin = request.Headers.Origin.ToString();
        if (!IsOriginAllowed(origin) || !HttpMethods.IsPost(request.Headers.AccessControlRequestMethod.ToString()))
        {
            return;
        }

        var requested = request.Headers.AccessControlRequestHeaders.ToString();
        foreach (var header in requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!_anyHeader && !_allowedHeaders.Contains(header))
            {
                return;
            }
        }

        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlAllowCredentials = "true";
        response.Headers.AccessControlAllowMethods = "POST";
        if (requested.Length > 0)
        {
            response.Headers.AccessControlAllowHeaders = requested;
        }

        if (_options.MaxAge > 0)
        {
            response.Headers.AccessControlMaxAge = _options.MaxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Adds the CORS headers to a normal response when its origin is allowed.</summary>
    public void DecorateResponse(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        context.Response.Headers.Append("Vary", "Origin");
        if (origin.Length == 0 || !IsOriginAllowed(origin))
        {
            return;
        }

        context.Response.Headers.AccessControlAllowOrigin = origin;
        context.Response.Headers.AccessControlAllowCredentials = "true";
        if (_options.ExposedHeaders.Count > 0)
        {
            context.Response.Headers.AccessControlExposeHeaders = string.Join(", ", _options.ExposedHeaders);
        }
    }

    /// <summary>Matches an origin against the allowed patterns (<c>*</c> matches any run of characters).</summary>
    public bool IsOriginAllowed(string origin)
    {
        if (origin.Length == 0)
        {
            return false;
        }

        foreach (var pattern in _options.AllowedOrigins)
        {
            if (Glob(pattern.ToLowerInvariant(), origin.ToLowerInvariant()))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(text);
        }

        if (!text.StartsWith(pattern[..star]))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        for (int i = star; i <= text.Length; i++)
        {
            if (Glob(rest, text[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
