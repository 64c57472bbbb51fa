namespace MiniCollector.Connectors.Count;

/// <summary>The metrics the reference's count connector emits for a section that is not written, and its scope name.</summary>
internal static class CountDefaults
{
    /// <summary>The instrumentation scope of every count metric, the reference's (so dashboards built on it keep working).</summary>
    public const string ScopeName = "github.com/open-telemetry/opentelemetry-collector-contrib/connector/countconnector";

    public static readonly CountMetricOptions Spans = CountMetricOptions.Default("trace.span.count", "The number of spans observed.");

    public static readonly CountMetricOptions SpanEvents = CountMetricOptions.Default("trace.span.event.count", "The number of span events observed.");

    public static readonly CountMetricOptions Metrics = CountMetricOptions.Default("metric.count", "The number of metrics observed.");

    public static readonly CountMetricOptions DataPoints = CountMetricOptions.Default("metric.datapoint.count", "The number of data points observed.");

    public static readonly CountMetricOptions Logs = CountMetricOptions.Default("log.record.count", "The number of log records observed.");
}
