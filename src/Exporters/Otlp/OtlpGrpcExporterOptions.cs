using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Options of the <c>otlp</c> exporter (gRPC; also accepted as <c>otlp_grpc</c>).</summary>
public sealed record OtlpGrpcExporterOptions : OtlpExporterOptions
{
    /// <summary><c>host:port</c> (TLS unless <c>tls.insecure</c>), or an <c>http://</c> / <c>https://</c> URL.</summary>
    public string Endpoint { get; init; } = string.Empty;

    /// <summary>Binds <c>exporters::otlp</c>, reporting every problem.</summary>
    public static OtlpGrpcExporterOptions Bind(ConfigSection section)
    {
        var options = new OtlpGrpcExporterOptions
        {
            Endpoint = section.String("endpoint", string.Empty),
            Client = OtlpClientOptions.Bind(section, TimeSpan.FromSeconds(5)),
        };

        // grpc-go client tuning with no HttpClient equivalent; accepted so configs written for the reference load.
        section.Choice("balancer_name", "round_robin", "round_robin", "pick_first");
        section.ReportUnknownKeys();
        if (options.Endpoint.Length == 0)
        {
            section.Invalid("endpoint", "endpoint is required (host:port, e.g. collector:4317)");
        }

        return options;
    }
}
