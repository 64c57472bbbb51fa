using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Options of the <c>otlphttp</c> exporter (also accepted as <c>otlp_http</c>).</summary>
public sealed record OtlpHttpExporterOptions : OtlpExporterOptions
{
    /// <summary>Base URL; <c>/v1/{signal}</c> is appended.</summary>
    public string Endpoint { get; init; } = string.Empty;

    /// <summary>Each signal's own URL (<c>{signal}_endpoint</c>), in <see cref="Signal"/> order; null uses <see cref="Endpoint"/>.</summary>
    public IReadOnlyList<string?> SignalEndpoints { get; init; } = [.. SignalKind.All.Select(_ => (string?)null)];

    /// <summary>Send OTLP/JSON instead of protobuf.</summary>
    public bool Json { get; init; }

    /// <summary>The URL a signal is posted to: its own endpoint, else the base URL plus <c>/v1/{signal}</c>.</summary>
    public Uri UrlFor(Signal signal)
    {
        return new Uri(SignalEndpoints[(int)signal] ?? Endpoint.TrimEnd('/') + SignalKind.For(signal).HttpPath);
    }

    /// <summary>Binds <c>exporters::otlphttp</c>, reporting every problem.</summary>
    public static OtlpHttpExporterOptions Bind(ConfigSection section)
    {
        var options = new OtlpHttpExporterOptions
        {
            Endpoint = section.String("endpoint", string.Empty),
            SignalEndpoints = [.. SignalKind.All.Select(k => section.StringOrNull(EndpointKey(k)))],
            Json = section.Choice("encoding", "proto", "proto", "json") == "json",
            Client = OtlpClientOptions.Bind(section, TimeSpan.FromSeconds(30)),
        };
        section.ReportUnknownKeys();

        if (options.Endpoint.Length == 0 && options.SignalEndpoints.Any(e => e is null))
        {
            section.Invalid("endpoint", "endpoint is required (a base URL such as http://collector:4318), unless every signal has its own *_endpoint");
        }

        foreach (var (key, url) in SignalKind.All.Select(k => (EndpointKey(k), options.SignalEndpoints[(int)k.Signal])).Prepend(("endpoint", options.Endpoint)))
        {
            if (!string.IsNullOrEmpty(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                section.Invalid(key, $"\"{url}\" is not an http:// or https:// URL");
            }
        }

        return options;
    }

    private static string EndpointKey(SignalKind kind) => kind.Name + "_endpoint";
}
