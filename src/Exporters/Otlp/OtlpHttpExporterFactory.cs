using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Factory of the <c>otlphttp</c> exporter (OTLP/HTTP); the reference's newer name <c>otlp_http</c> is an alias.</summary>
public sealed class OtlpHttpExporterFactory : ExporterFactory
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
    public override object BindOptions(ConfigSection section, string typeAsWritten) => OtlpHttpExporterOptions.Bind(section);

    /// <inheritdoc />
    public override IExporter Create(ComponentContext context, object options)
    {
        var o = (OtlpHttpExporterOptions)options;
        var destination = o.Endpoint.Length > 0 ? o.Endpoint : o.UrlFor(Signal.Traces).ToString();
        return new OtlpExporter(context, new OtlpHttpSender(o, context.Time), o.Client, $"{destination} (OTLP/HTTP {(o.Json ? "json" : "protobuf")})");
    }
}
