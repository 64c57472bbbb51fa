using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Ottl;

/// <summary>The paths of the metric context (and of <c>metric.*</c> in the data point context).</summary>
internal static class MetricPaths
{
    public static readonly Dictionary<string, Field> Table = FieldKit.Table(
        FieldKit.String("name", "metric.name", (ref EvalContext c) => c.Metric!.Name, (ref EvalContext c, string v) => c.Metric!.Name = v),
        FieldKit.String("description", "metric.description", (ref EvalContext c) => c.Metric!.Description, (ref EvalContext c, string v) => c.Metric!.Description = v),
        FieldKit.String("unit", "metric.unit", (ref EvalContext c) => c.Metric!.Unit, (ref EvalContext c, string v) => c.Metric!.Unit = v),
        FieldKit.Int("type", "metric.type", (ref EvalContext c) => TypeOf(c.Metric!), null),
        FieldKit.Int(
            "aggregation_temporality",
            "metric.aggregation_temporality",
            (ref EvalContext c) => (long)Temporality(c.Metric!),
            (ref EvalContext c, long v) => SetTemporality(c.Metric!, (AggregationTemporality)v),
            v => v is >= 0 and <= 2 ? null : $"must be an AGGREGATION_TEMPORALITY_* value (0-2), got {v}"),
        new Field(
            "is_monotonic",
            "bool",
            (ref EvalContext c) => OttlValue.Of(c.Metric!.DataCase == Metric.DataOneofCase.Sum && c.Metric.Sum.IsMonotonic),
            (ref EvalContext c, in OttlValue v) =>
            {
                bool value = FieldValues.Bool(v, "metric.is_monotonic");
                var metric = c.Metric!;
                if (metric.DataCase != Metric.DataOneofCase.Sum || metric.Sum.IsMonotonic == value)
                {
                    return false;
                }

                metric.Sum.IsMonotonic = value;
                return true;
            }));

    /// <summary>The metric's type as OTTL numbers it (<c>METRIC_DATA_TYPE_*</c>, pdata's order, not the proto field numbers).</summary>
    public static long TypeOf(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => 1,
        Metric.DataOneofCase.Sum => 2,
        Metric.DataOneofCase.Histogram => 3,
        Metric.DataOneofCase.ExponentialHistogram => 4,
        Metric.DataOneofCase.Summary => 5,
        _ => 0,
    };

    private static AggregationTemporality Temporality(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Sum => metric.Sum.AggregationTemporality,
        Metric.DataOneofCase.Histogram => metric.Histogram.AggregationTemporality,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.AggregationTemporality,
        _ => AggregationTemporality.Unspecified,
    };

    // Gauges and summaries have no temporality: writing one is a no-op, as in the reference.
    private static void SetTemporality(Metric metric, AggregationTemporality value)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Sum: metric.Sum.AggregationTemporality = value; break;
            case Metric.DataOneofCase.Histogram: metric.Histogram.AggregationTemporality = value; break;
            case Metric.DataOneofCase.ExponentialHistogram: metric.ExponentialHistogram.AggregationTemporality = value; break;
        }
    }
}
