using MiniCollector.Endpoints;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.ZPages;

/// <summary>Options of the <c>zpages</c> extension: where the pages are served, who may see them, what is kept.</summary>
public sealed record ZPagesOptions : IReferencesExtensions
{
    /// <summary>Where the reference serves zpages by default.</summary>
    public const string DefaultEndpoint = "localhost:55679";

    private const string NotSupportedHttpServerKey = "(the reference's HTTP server settings other than endpoint, tls and auth are not supported by MiniCollector's zpages)";

    private static readonly Dictionary<string, string> Hints = new(StringComparer.Ordinal)
    {
        ["cors"] = NotSupportedHttpServerKey,
        ["response_headers"] = NotSupportedHttpServerKey,
        ["include_metadata"] = NotSupportedHttpServerKey,
        ["max_request_body_size"] = NotSupportedHttpServerKey,
        ["expvar"] = "(the reference's expvar page is Go's runtime variables; MiniCollector's own metrics are on :8888)",
    };

    /// <summary>The <c>host:port</c> to listen on.</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Serve over TLS (the reference's confighttp <c>tls</c> server settings); null: plain HTTP.</summary>
    public ServerTlsOptions? Tls { get; init; }

    /// <summary>The authenticator extension every request must pass (<c>auth: {authenticator: id}</c>); null: none.</summary>
    public ComponentId? Authenticator { get; init; }

    /// <summary>What the recent-telemetry tap keeps.</summary>
    public RecentTelemetryOptions Recent { get; init; } = new();

    /// <inheritdoc />
    public IEnumerable<(string Path, ComponentId Id)> ExtensionReferences =>
        Authenticator is { } id ? [("auth::authenticator", id)] : [];

    /// <summary>Binds <c>extensions::zpages</c>, reporting every problem.</summary>
    public static ZPagesOptions Bind(ConfigSection section)
    {
        var d = new ZPagesOptions();
        var endpoint = section.String("endpoint", d.Endpoint);
        var tls = ServerTlsOptions.Bind(section.Section("tls"));
        var authenticator = AuthReference.Bind(section.Section("auth"));
        var recent = RecentTelemetryOptions.Bind(section.Section("recent"));
        section.ReportUnknownKeys(Hints);

        if (endpoint.Length == 0)
        {
            section.Invalid("endpoint", "endpoint must be specified (e.g. " + DefaultEndpoint + ")");
        }
        else if (!EndpointAddress.TryParse(endpoint, out _, out var error))
        {
            section.Invalid("endpoint", error!);
        }

        return new ZPagesOptions { Endpoint = endpoint, Tls = tls, Authenticator = authenticator, Recent = recent };
    }
}
