namespace MiniCollector.Exporters.Prometheus.Translation;

/// <summary>
/// How OTLP metric and attribute names become Prometheus names: the exporter's <c>translation_strategy</c>.
/// </summary>
/// <remarks>
/// When <c>translation_strategy</c> is not set, the deprecated <c>add_metric_suffixes</c> decides (see
/// <see cref="TranslationStrategies.FromAddMetricSuffixes"/>): <c>true</c> (its default) means
/// <see cref="UnderscoreEscapingWithSuffixes"/>, <c>false</c> means <see cref="UnderscoreEscapingWithoutSuffixes"/>.
/// When <c>translation_strategy</c> is set, <c>add_metric_suffixes</c> is ignored.
/// </remarks>
public enum TranslationStrategy
{
    /// <summary>
    /// The default. Names are escaped to the classic charset (metric <c>[a-zA-Z0-9_:]</c>, label <c>[a-zA-Z0-9_]</c>)
    /// and unit and type suffixes are added (<c>_seconds</c>, <c>_total</c>, <c>_ratio</c>).
    /// </summary>
    UnderscoreEscapingWithSuffixes,

    /// <summary>Names are escaped as with <see cref="UnderscoreEscapingWithSuffixes"/>, but no suffix is added.</summary>
    UnderscoreEscapingWithoutSuffixes,

    /// <summary>UTF-8 names are kept as written; unit and type suffixes are added.</summary>
    NoUTF8EscapingWithSuffixes,

    /// <summary>Names are kept as written and nothing is added (experimental in the reference).</summary>
    NoTranslation,
}
