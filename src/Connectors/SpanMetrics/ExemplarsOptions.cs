namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>The <c>exemplars</c> section: spans attached to the data points they fell in, by trace and span id.</summary>
public sealed record ExemplarsOptions
{
    /// <summary>Exemplars kept per data point per flush when <c>max_per_data_point</c> is not written.</summary>
    public const int DefaultMaxPerDataPoint = 5;

    /// <summary><c>enabled</c> (default false).</summary>
    public bool Enabled { get; init; }

    /// <summary><c>max_per_data_point</c>: the first spans of each flush interval are kept, the rest are not.</summary>
    public int MaxPerDataPoint { get; init; } = DefaultMaxPerDataPoint;
}
