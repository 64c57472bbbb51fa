using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>A duration series with explicit bucket bounds; a value equal to a bound counts in that bound's bucket (Prometheus <c>le</c>).</summary>
internal sealed class ExplicitHistogramSeries(RepeatedField<KeyValue> attributes, long startNanos, double[] bounds) : HistogramSeries(attributes, startNanos)
{
    private readonly ulong[] _buckets = new ulong[bounds.Length + 1];
    private ulong _count;
    private double _sum;

    /// <inheritdoc />
    public override void Observe(double value)
    {
        _count++;
        _sum += value;
        _buckets[BucketOf(value)]++;
    }

    /// <inheritdoc />
    public override void AddPoint(Metric metric, ulong startNanos, ulong timeNanos)
    {
        var point = new HistogramDataPoint { StartTimeUnixNano = startNanos, TimeUnixNano = timeNanos, Count = _count, Sum = _sum };
        point.ExplicitBounds.Add(bounds);
        point.BucketCounts.Add(_buckets);
        point.Attributes.Add(CopyAttributes());
        WriteExemplars(point.Exemplars, timeNanos);
        metric.Histogram.DataPoints.Add(point);
    }

    // The first bound not below the value (the reference's sort.SearchFloat64s); past the last bound, the overflow bucket.
    private int BucketOf(double value)
    {
        int low = 0;
        int high = bounds.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (bounds[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
