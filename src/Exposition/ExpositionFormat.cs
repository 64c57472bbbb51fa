namespace MiniCollector.Exposition;

/// <summary>The exposition formats a Prometheus scrape endpoint can answer with; see <see cref="ExpositionFormats"/>.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4, the default.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0 text, only when enabled and asked for.</summary>
    OpenMetrics,

    /// <summary>Delimited <c>io.prometheus.client.MetricFamily</c> protobuf messages (carries native histograms).</summary>
    Protobuf,
}
