namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>How the connector's sums and histograms accumulate between flushes.</summary>
public enum SpanMetricsTemporality
{
    /// <summary>Totals since each series began (<c>AGGREGATION_TEMPORALITY_CUMULATIVE</c>, the default).</summary>
    Cumulative,

    /// <summary>What arrived since the previous flush (<c>AGGREGATION_TEMPORALITY_DELTA</c>); state resets after each flush.</summary>
    Delta,
}
