using MiniCollector.Pipeline.Components;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Factory of the <c>otlp</c> exporter (OTLP/gRPC); the reference's newer name <c>otlp_grpc</c> is an alias.</summary>
public sealed class OtlpGrpcExporterFactory() : ExporterFactory<OtlpGrpcExporterOptions>(
    new("otlp", AllSignals) { Stability = "stable", Aliases = ["otlp_grpc"] }, (section, _) => OtlpGrpcExporterOptions.Bind(section))
{
    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, OtlpGrpcExporterOptions options)
    {
        var address = OtlpGrpcSender.BaseAddress(options.Endpoint, options.Client.Tls.Insecure);
        return new OtlpExporter(context, new OtlpGrpcSender(address, options.Client, context.Time), options.Client, $"{address} (OTLP/gRPC)");
    }
}
