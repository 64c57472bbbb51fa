using MiniCollector.Endpoints;
using MiniCollector.Exporters.Prometheus.Translation;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Prometheus;

/// <summary>Options of the <c>prometheus</c> exporter, with the reference exporter's defaults.</summary>
public sealed record PrometheusOptions
{
    /// <summary>Where to serve <c>/metrics</c>; required.</summary>
    public string Endpoint { get; init; } = string.Empty;

    /// <summary>Prefix (<c>namespace_</c>) of every metric name.</summary>
    public string Namespace { get; init; } = string.Empty;

    /// <summary>Labels added to every series.</summary>
    public IReadOnlyDictionary<string, string> ConstLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Write sample timestamps.</summary>
    public bool SendTimestamps { get; init; }

    /// <summary>Series not updated for this long disappear.</summary>
    public TimeSpan MetricExpiration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Turn every resource attribute into a label (deprecated in the reference, still common).</summary>
    public bool ResourceToTelemetryConversion { get; init; }

    /// <summary>With the conversion on, leave out <c>service.name</c>, <c>service.namespace</c> and <c>service.instance.id</c> (already in job and instance).</summary>
    public bool ExcludeServiceAttributes { get; init; }

    /// <summary>Serve OpenMetrics 1.0 to scrapers that ask for it (exemplars, <c>_created</c>, <c># UNIT</c>).</summary>
    public bool EnableOpenMetrics { get; init; }

    /// <summary>Leave out the <c>otel_scope_*</c> labels.</summary>
    public bool WithoutScopeInfo { get; init; }

    /// <summary>TLS for the scrape endpoint; null serves cleartext.</summary>
    public ServerTlsOptions? Tls { get; init; }

    /// <summary>How OTLP names become Prometheus names.</summary>
    public TranslationStrategy Strategy { get; init; } = TranslationStrategy.UnderscoreEscapingWithSuffixes;

    /// <summary>Binds <c>exporters::prometheus</c>, reporting every problem.</summary>
    public static PrometheusOptions Bind(ConfigSection section)
    {
        var d = new PrometheusOptions();
        var endpoint = section.StringOrNull("endpoint");
        var addSuffixes = section.Bool("add_metric_suffixes", true);
        var strategyText = section.StringOrNull("translation_strategy");
        var strategy = addSuffixes ? TranslationStrategy.UnderscoreEscapingWithSuffixes : TranslationStrategy.UnderscoreEscapingWithoutSuffixes;
        if (strategyText is not null && !TranslationStrategies.TryParse(strategyText, out strategy))
        {
            section.Invalid("translation_strategy", $"invalid translation_strategy: {strategyText} (valid values: UnderscoreEscapingWithSuffixes, UnderscoreEscapingWithoutSuffixes, NoUTF8EscapingWithSuffixes, NoTranslation)");
        }

        var conversion = section.Section("resource_to_telemetry_conversion");
        var options = new PrometheusOptions
        {
            Endpoint = endpoint ?? string.Empty,
            Namespace = section.String("namespace", d.Namespace),
            ConstLabels = section.StringMap("const_labels") ?? d.ConstLabels,
            SendTimestamps = section.Bool("send_timestamps", d.SendTimestamps),
            MetricExpiration = section.Duration("metric_expiration", d.MetricExpiration),
            ResourceToTelemetryConversion = conversion.Bool("enabled", false),
            ExcludeServiceAttributes = conversion.Bool("exclude_service_attributes", false),
            EnableOpenMetrics = section.Bool("enable_open_metrics", d.EnableOpenMetrics),
            WithoutScopeInfo = section.Bool("without_scope_info", d.WithoutScopeInfo),
            Strategy = strategy,
            Tls = ServerTlsOptions.Bind(section.Section("tls")),
        };
        conversion.ReportUnknownKeys();
        section.ReportUnknownKeys();

        if (string.IsNullOrEmpty(endpoint))
        {
            section.Invalid("endpoint", "endpoint is required (e.g. 0.0.0.0:8889)");
        }

        if (options.MetricExpiration <= TimeSpan.Zero)
        {
            section.Invalid("metric_expiration", "metric_expiration must be greater than zero");
        }

        return options;
    }
}
