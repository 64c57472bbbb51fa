using MiniCollector.Endpoints;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.HealthCheck;

/// <summary>Options of the <c>health_check</c> extension, with the reference extension's defaults.</summary>
public sealed record HealthCheckOptions
{
    /// <summary>Where the reference serves health by default.</summary>
    public const string DefaultEndpoint = "localhost:13133";

    private const string NotSupportedHttpServerKey = "(the reference's HTTP server settings other than endpoint are not supported by MiniCollector's health_check)";

    private static readonly Dictionary<string, string> Hints = new(StringComparer.Ordinal)
    {
        ["port"] = "(\"port\" is deprecated in the reference collector; write endpoint: host:port)",
        ["tls"] = NotSupportedHttpServerKey,
        ["cors"] = NotSupportedHttpServerKey,
        ["auth"] = NotSupportedHttpServerKey,
        ["response_headers"] = NotSupportedHttpServerKey,
        ["include_metadata"] = NotSupportedHttpServerKey,
        ["max_request_body_size"] = NotSupportedHttpServerKey,
    };

    /// <summary>The <c>host:port</c> to listen on.</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The only path answered; every other path gets 404.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Static bodies replacing the JSON status documents; null when not configured.</summary>
    public HealthCheckResponseBody? ResponseBody { get; init; }

    /// <summary>Binds <c>extensions::health_check</c>, reporting every problem.</summary>
    public static HealthCheckOptions Bind(ConfigSection section)
    {
        var d = new HealthCheckOptions();
        var endpoint = section.String("endpoint", d.Endpoint);
        var path = section.String("path", d.Path);

        HealthCheckResponseBody? responseBody = null;
        var body = section.Section("response_body");
        if (body.Node is ConfigMap)
        {
            // As in the reference, a configured response_body replaces both bodies; a missing one is empty.
            responseBody = new HealthCheckResponseBody(body.String("healthy", string.Empty), body.String("unhealthy", string.Empty));
        }

        body.ReportUnknownKeys();

        var pipelineCheck = section.Section("check_collector_pipeline");
        bool enabled = pipelineCheck.Bool("enabled", false);

        // Still validated as the reference does, so a config copied from it is judged the same way, then ignored.
        pipelineCheck.Duration("interval", TimeSpan.FromMinutes(5));
        if (pipelineCheck.Int("exporter_failure_threshold", 5) <= 0)
        {
            pipelineCheck.Invalid("exporter_failure_threshold", "exporter_failure_threshold expects a positive number");
        }

        pipelineCheck.ReportUnknownKeys();
        if (enabled)
        {
            pipelineCheck.Invalid(
                "enabled",
                "check_collector_pipeline is not supported: it is deprecated in the reference collector and does not work there " +
                "(opentelemetry-collector-contrib issue #11780); remove the section or set enabled: false");
        }

        section.ReportUnknownKeys(Hints);

        if (endpoint.Length == 0)
        {
            section.Invalid("endpoint", "endpoint must be specified (e.g. " + DefaultEndpoint + ")");
        }
        else if (!EndpointAddress.TryParse(endpoint, out _, out var error))
        {
            section.Invalid("endpoint", error!);
        }

        if (!path.StartsWith('/'))
        {
            section.Invalid("path", $"path must start with / (found \"{path}\")");
        }

        return new HealthCheckOptions { Endpoint = endpoint, Path = path, ResponseBody = responseBody };
    }
}

/// <summary>The static bodies answered instead of the JSON documents (<c>response_body: {healthy, unhealthy}</c>).</summary>
public sealed record HealthCheckResponseBody(string Healthy, string Unhealthy);
