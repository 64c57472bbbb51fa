using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>What the connector holds for one resource: its attributes (of the first spans seen) and the series of each metric.</summary>
internal sealed class ResourceAggregate(string key, RepeatedField<KeyValue> attributes, long nowNanos)
{
    /// <summary>The resource's identity (its attributes, or those in <c>resource_metrics_key_attributes</c>).</summary>
    public string Key { get; } = key;

    /// <summary>The resource attributes the metrics carry.</summary>
    public RepeatedField<KeyValue> Attributes { get; } = attributes;

    /// <summary>When spans of this resource last arrived, Unix nanoseconds.</summary>
    public long LastSeenNanos { get; set; } = nowNanos;

    /// <summary>The calls sum's series.</summary>
    public SeriesTable<CountSeries> Calls { get; } = new();

    /// <summary>The duration histogram's series.</summary>
    public SeriesTable<HistogramSeries> Durations { get; } = new();

    /// <summary>The events sum's series.</summary>
    public SeriesTable<CountSeries> Events { get; } = new();

    /// <summary>Series held over every metric.</summary>
    public int SeriesCount => Calls.Count + Durations.Count + Events.Count;
}
