using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Factory of the <c>otlp</c> exporter (OTLP/gRPC); the reference's newer name <c>otlp_grpc</c> is an alias.</summary>
public sealed class OtlpGrpcExporterFactory : ExporterFactory<OtlpGrpcExporterOptions>
{
    /// <inheritdoc />
    public override string Type => "otlp";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["otlp_grpc"];

    /// <inheritdoc />
    public override string Stability => "stable";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <inheritdoc />
    protected override OtlpGrpcExporterOptions Bind(ConfigSection section, string typeAsWritten) => OtlpGrpcExporterOptions.Bind(section);

    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, OtlpGrpcExporterOptions options)
    {
        var address = OtlpGrpcSender.BaseAddress(options.Endpoint, options.Client.Tls.Insecure);
        return new OtlpExporter(context, new OtlpGrpcSender(address, options.Client, context.Time), options.Client, $"{address} (OTLP/gRPC)");
    }
}
