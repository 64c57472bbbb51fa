using MiniCollector.Pipeline.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// The last known state of one series (one family and label set): what is exposed, plus what delta
/// accumulation needs (start and time of the last point, raw bucket counts).
/// </summary>
internal sealed class SeriesState(IReadOnlyList<KeyValuePair<string, string>> labels)
{
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    /// <summary>Start of the accumulated interval (OTLP start_time_unix_nano).</summary>
    public ulong StartNanos { get; set; }

    /// <summary>Time of the last point (OTLP time_unix_nano).</summary>
    public ulong TimeNanos { get; set; }

    /// <summary>Wall-clock time of the last update, for metric_expiration.</summary>
    public DateTimeOffset LastUpdated { get; set; }

    public double Value { get; set; }

    public Exemplar? Exemplar { get; set; }

    public ulong Count { get; set; }

    public double Sum { get; set; }

    /// <summary>Explicit bucket bounds (classic histograms).</summary>
    public double[] Bounds { get; set; } = [];

    /// <summary>Per-bucket (not cumulative) counts, one more than <see cref="Bounds"/>.</summary>
    public ulong[] BucketCounts { get; set; } = [];

    /// <summary>Latest exemplar per bucket (classic histograms).</summary>
    public Exemplar?[] BucketExemplars { get; set; } = [];

    /// <summary>True for a series fed by exponential histograms (exposed natively and as classic buckets).</summary>
    public bool IsExponential { get; set; }

    public int Scale { get; set; }

    public double ZeroThreshold { get; set; }

    public ulong ZeroCount { get; set; }

    public ExponentialBuckets Positive { get; set; } = ExponentialBuckets.Empty;

    public ExponentialBuckets Negative { get; set; } = ExponentialBuckets.Empty;

    public SummaryValue? Summary { get; set; }

    /// <summary>The exposed point, rebuilt lazily after an update.</summary>
    public MetricPoint? Exposed { get; set; }
}
