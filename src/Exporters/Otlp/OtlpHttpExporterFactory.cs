using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Factory of the <c>otlphttp</c> exporter (OTLP/HTTP); the reference's newer name <c>otlp_http</c> is an alias.</summary>
public sealed class OtlpHttpExporterFactory : ExporterFactory<OtlpHttpExporterOptions>
{
    /// <inheritdoc />
    public override string Type => "otlphttp";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["otlp_http"];

    /// <inheritdoc />
    public override string Stability => "stable";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <inheritdoc />
    protected override OtlpHttpExporterOptions Bind(ConfigSection section, string typeAsWritten) => OtlpHttpExporterOptions.Bind(section);

    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, OtlpHttpExporterOptions options)
    {
        var destination = options.Endpoint.Length > 0 ? options.Endpoint : options.UrlFor(Signal.Traces).ToString();
        return new OtlpExporter(context, new OtlpHttpSender(options, context.Time), options.Client, $"{destination} (OTLP/HTTP {(options.Json ? "json" : "protobuf")})");
    }
}
