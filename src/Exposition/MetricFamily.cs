namespace MiniCollector.Exposition;

/// <summary>The Prometheus metric types a family can have.</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
    Summary,
    Unknown,
}

/// <summary>
/// One metric family ready for exposition: its Prometheus name, type, help, unit and points. Written by the
/// Prometheus text, OpenMetrics and protobuf writers; shared by the prometheus exporter and self-telemetry.
/// </summary>
/// <param name="Name">
/// The metric name as exposed in the text format, already translated and sanitised (a counter's name ends in
/// <c>_total</c> when suffixes are on). OpenMetrics derives its family name by dropping that <c>_total</c>.
/// </param>
/// <param name="Unit">The unit word(s) for OpenMetrics <c># UNIT</c> (e.g. <c>seconds</c>); empty for none.</param>
public sealed record MetricFamily(string Name, MetricType Type, string Help, string Unit, IReadOnlyList<MetricPoint> Points);

/// <summary>
/// One series of a family. Which members are used depends on the family's type: <see cref="Value"/> for counters,
/// gauges and unknown; <see cref="Histogram"/> for histograms; <see cref="Summary"/> for summaries.
/// </summary>
/// <param name="Labels">Label names (sanitised) and values, in the order to write them.</param>
/// <param name="TimestampMs">Sample time in milliseconds since the epoch, written only when set.</param>
/// <param name="CreatedSeconds">Start time (OpenMetrics <c>_created</c>) in seconds since the epoch, when known.</param>
/// <param name="Exemplar">A counter's latest exemplar (OpenMetrics only).</param>
public sealed record MetricPoint(
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value = 0,
    long? TimestampMs = null,
    double? CreatedSeconds = null,
    Exemplar? Exemplar = null,
    HistogramValue? Histogram = null,
    SummaryValue? Summary = null);

/// <summary>A histogram's state: classic cumulative buckets and, for exponential histograms, the native form.</summary>
/// <param name="Buckets">Cumulative buckets by ascending upper bound, without the implicit <c>+Inf</c> bucket.</param>
/// <param name="InfExemplar">The latest exemplar above every bound, shown on the <c>+Inf</c> bucket (OpenMetrics, protobuf).</param>
public sealed record HistogramValue(ulong Count, double Sum, IReadOnlyList<HistogramBucket> Buckets, NativeHistogram? Native = null, Exemplar? InfExemplar = null);

/// <summary>One classic bucket: upper bound, cumulative count, and its latest exemplar (OpenMetrics only).</summary>
public sealed record HistogramBucket(double UpperBound, ulong CumulativeCount, Exemplar? Exemplar = null);

/// <summary>
/// A Prometheus native histogram (from an OTLP exponential histogram), exposed only over protobuf.
/// Spans and deltas use Prometheus's encoding: each span is (offset from the end of the previous span, length),
/// and deltas are the differences between consecutive bucket counts across all spans.
/// </summary>
public sealed record NativeHistogram(
    int Schema,
    double ZeroThreshold,
    ulong ZeroCount,
    IReadOnlyList<BucketSpan> PositiveSpans,
    IReadOnlyList<long> PositiveDeltas,
    IReadOnlyList<BucketSpan> NegativeSpans,
    IReadOnlyList<long> NegativeDeltas);

/// <summary>A run of consecutive native-histogram buckets.</summary>
public readonly record struct BucketSpan(int Offset, uint Length);

/// <summary>A summary's quantiles (ascending) with count and sum.</summary>
public sealed record SummaryValue(ulong Count, double Sum, IReadOnlyList<KeyValuePair<double, double>> Quantiles);

/// <summary>An exemplar: labels (e.g. <c>trace_id</c>, <c>span_id</c>), value and optional time in seconds.</summary>
public sealed record Exemplar(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, double? TimestampSeconds);
