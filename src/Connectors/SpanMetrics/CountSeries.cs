using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>A series of a monotonic sum: the calls metric (spans) or the events metric (span events).</summary>
internal sealed class CountSeries(RepeatedField<KeyValue> attributes, long startNanos) : Series(attributes, startNanos)
{
    /// <summary>The count so far (since the series began, or since the last flush for delta).</summary>
    public long Count { get; set; }

    /// <summary>The data point for a flush at <paramref name="timeNanos"/>.</summary>
    public NumberDataPoint ToPoint(ulong startNanos, ulong timeNanos)
    {
        var point = new NumberDataPoint { StartTimeUnixNano = startNanos, TimeUnixNano = timeNanos, AsInt = Count };
        point.Attributes.Add(CopyAttributes());
        WriteExemplars(point.Exemplars, timeNanos);
        return point;
    }
}
