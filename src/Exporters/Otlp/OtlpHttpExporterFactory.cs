using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Factory of the <c>otlphttp</c> exporter (OTLP/HTTP); the reference's newer name <c>otlp_http</c> is an alias.</summary>
public sealed class OtlpHttpExporterFactory() : ExporterFactory<OtlpHttpExporterOptions>(
    new("otlphttp", AllSignals) { Stability = "stable", Aliases = ["otlp_http"] }, (section, _) => OtlpHttpExporterOptions.Bind(section))
{
    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, OtlpHttpExporterOptions options)
    {
        var destination = options.Endpoint.Length > 0 ? options.Endpoint : options.UrlFor(Signal.Traces).ToString();
        return new OtlpExporter(context, new OtlpHttpSender(options, context.Time), options.Client, $"{destination} (OTLP/HTTP {(options.Json ? "json" : "protobuf")})");
    }
}
