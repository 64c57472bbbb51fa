using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>A series of the duration histogram, explicit or exponential.</summary>
internal abstract class HistogramSeries(RepeatedField<KeyValue> attributes, long startNanos) : Series(attributes, startNanos)
{
    /// <summary>Counts one span's duration, in the histogram's unit.</summary>
    public abstract void Observe(double value);

    /// <summary>Adds the data point for a flush at <paramref name="timeNanos"/> to <paramref name="metric"/>, whose data is of this series' kind.</summary>
    public abstract void AddPoint(Metric metric, ulong startNanos, ulong timeNanos);
}
