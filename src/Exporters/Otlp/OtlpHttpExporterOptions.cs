using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Options of the <c>otlphttp</c> exporter (also accepted as <c>otlp_http</c>).</summary>
public sealed record OtlpHttpExporterOptions : OtlpExporterOptions
{
    /// <summary>Base URL; <c>/v1/{signal}</c> is appended.</summary>
    public string Endpoint { get; init; } = string.Empty;

    public string? TracesEndpoint { get; init; }

    public string? MetricsEndpoint { get; init; }

    public string? LogsEndpoint { get; init; }

    /// <summary>Send OTLP/JSON instead of protobuf.</summary>
    public bool Json { get; init; }

    /// <summary>The URL a signal is posted to: its own endpoint, else the base URL plus <c>/v1/{signal}</c>.</summary>
    public Uri UrlFor(Signal signal)
    {
        var specific = signal switch
        {
            Signal.Traces => TracesEndpoint,
            Signal.Metrics => MetricsEndpoint,
            _ => LogsEndpoint,
        };
        return new Uri(specific ?? Endpoint.TrimEnd('/') + "/v1/" + signal.Name());
    }

    /// <summary>Binds <c>exporters::otlphttp</c>, reporting every problem.</summary>
    public static OtlpHttpExporterOptions Bind(ConfigSection section)
    {
        var options = new OtlpHttpExporterOptions
        {
            Endpoint = section.String("endpoint", string.Empty),
            TracesEndpoint = section.StringOrNull("traces_endpoint"),
            MetricsEndpoint = section.StringOrNull("metrics_endpoint"),
            LogsEndpoint = section.StringOrNull("logs_endpoint"),
            Json = section.Choice("encoding", "proto", "proto", "json") == "json",
            Client = OtlpClientOptions.Bind(section, TimeSpan.FromSeconds(30)),
        };
        section.ReportUnknownKeys();

        if (options.Endpoint.Length == 0 && (options.TracesEndpoint is null || options.MetricsEndpoint is null || options.LogsEndpoint is null))
        {
            section.Invalid("endpoint", "endpoint is required (a base URL such as http://collector:4318), unless every signal has its own *_endpoint");
        }

        foreach (var (key, url) in new[] { ("endpoint", options.Endpoint), ("traces_endpoint", options.TracesEndpoint), ("metrics_endpoint", options.MetricsEndpoint), ("logs_endpoint", options.LogsEndpoint) })
        {
            if (!string.IsNullOrEmpty(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                section.Invalid(key, $"\"{url}\" is not an http:// or https:// URL");
            }
        }

        return options;
    }
}
