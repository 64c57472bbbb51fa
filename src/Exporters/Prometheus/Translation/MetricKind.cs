namespace MiniCollector.Exporters.Prometheus.Translation;

/// <summary>The OTLP metric shape, as far as it decides the name's type suffix.</summary>
public enum MetricKind
{
    /// <summary>An OTLP gauge: gets <c>_ratio</c> when its unit is <c>1</c>.</summary>
    Gauge,

    /// <summary>A monotonic sum (a Prometheus counter): gets <c>_total</c>.</summary>
    MonotonicCounter,

    /// <summary>A non-monotonic sum (exposed as a gauge, but no <c>_ratio</c>, as in the reference).</summary>
    NonMonotonicSum,

    /// <summary>An explicit-bucket histogram.</summary>
    Histogram,

    /// <summary>A summary.</summary>
    Summary,

    /// <summary>An exponential histogram (a native histogram).</summary>
    ExponentialHistogram,
}
