using MiniCollector.Pipeline.Config;

namespace MiniCollector.Receivers.Otlp.Http;

/// <summary>The <c>cors</c> settings of an HTTP server.</summary>
public sealed record CorsOptions
{
    /// <summary>Origins allowed to send cross-origin requests; <c>*</c> wildcards allowed. Empty disables CORS.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Request headers allowed besides the CORS safelist and <c>X-Requested-With</c>; <c>*</c> allows any.</summary>
    public IReadOnlyList<string> AllowedHeaders { get; init; } = [];

    /// <summary>Response headers exposed to the page.</summary>
    public IReadOnlyList<string> ExposedHeaders { get; init; } = [];

    /// <summary>Seconds a browser may cache a preflight answer; 0 leaves the browser default.</summary>
    public int MaxAge { get; init; }

    /// <summary>Binds the section, reporting every problem.</summary>
    public static CorsOptions Bind(ConfigSection section)
    {
        var options = new CorsOptions
        {
            AllowedOrigins = section.StringList("allowed_origins") ?? [],
            AllowedHeaders = section.StringList("allowed_headers") ?? [],
            ExposedHeaders = section.StringList("exposed_headers") ?? [],
            MaxAge = section.Int("max_age", 0, min: 0),
        };
        section.ReportUnknownKeys();
        return options;
    }
}
