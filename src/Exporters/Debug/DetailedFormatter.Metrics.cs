using System.Text;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Exporters.Debug;

public static partial class DetailedFormatter
{
    /// <summary>Appends every resource, scope, metric descriptor, data point and exemplar of the request.</summary>
    public static void Write(StringBuilder sb, ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(request);
        for (int i = 0; i < request.ResourceMetrics.Count; i++)
        {
            var resource = request.ResourceMetrics[i];
            sb.Append(Inv, $"ResourceMetrics #{i}\n");
            AppendResource(sb, resource.Resource, resource.SchemaUrl);
            for (int j = 0; j < resource.ScopeMetrics.Count; j++)
            {
                var scope = resource.ScopeMetrics[j];
                sb.Append(Inv, $"ScopeMetrics #{j}\n");
                AppendScope(sb, "ScopeMetrics", scope.Scope, scope.SchemaUrl);
                for (int k = 0; k < scope.Metrics.Count; k++)
                {
                    sb.Append(Inv, $"Metric #{k}\n");
                    AppendMetric(sb, scope.Metrics[k]);
                }
            }
        }
    }

    private static void AppendMetric(StringBuilder sb, Metric metric)
    {
        sb.Append("Descriptor:\n");
        sb.Append(Arrow).Append(" Name: ").Append(metric.Name).Append('\n');
        sb.Append(Arrow).Append(" Description: ").Append(metric.Description).Append('\n');
        sb.Append(Arrow).Append(" Unit: ").Append(metric.Unit).Append('\n');
        sb.Append(Arrow).Append(" DataType: ").Append(DataTypeName(metric.DataCase)).Append('\n');
        AppendAttributes(sb, Arrow + " Metadata", metric.Metadata);
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                AppendNumberPoints(sb, metric.Gauge.DataPoints);
                break;
            case Metric.DataOneofCase.Sum:
                sb.Append(Arrow).Append(" IsMonotonic: ").Append(metric.Sum.IsMonotonic ? "true" : "false").Append('\n');
                AppendTemporality(sb, metric.Sum.AggregationTemporality);
                AppendNumberPoints(sb, metric.Sum.DataPoints);
                break;
            case Metric.DataOneofCase.Histogram:
                AppendTemporality(sb, metric.Histogram.AggregationTemporality);
                AppendHistogramPoints(sb, metric.Histogram.DataPoints);
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                AppendTemporality(sb, metric.ExponentialHistogram.AggregationTemporality);
                AppendExponentialPoints(sb, metric.ExponentialHistogram.DataPoints);
                break;
            case Metric.DataOneofCase.Summary:
                AppendSummaryPoints(sb, metric.Summary.DataPoints);
                break;
        }
    }

    private static string DataTypeName(Metric.DataOneofCase data) => data switch
    {
        Metric.DataOneofCase.Gauge => "Gauge",
        Metric.DataOneofCase.Sum => "Sum",
        Metric.DataOneofCase.Histogram => "Histogram",
        Metric.DataOneofCase.ExponentialHistogram => "ExponentialHistogram",
        Metric.DataOneofCase.Summary => "Summary",
        _ => "Empty",
    };

    private static void AppendTemporality(StringBuilder sb, AggregationTemporality temporality) =>
        sb.Append(Arrow).Append(" AggregationTemporality: ").Append(DebugText.TemporalityName(temporality)).Append('\n');

    private static void AppendNumberPoints(StringBuilder sb, RepeatedField<NumberDataPoint> points)
    {
        for (int i = 0; i < points.Count; i++)
        {
            var point = points[i];
            sb.Append(Inv, $"NumberDataPoints #{i}\n");
            AppendPointHeader(sb, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano, point.Flags);
            switch (point.ValueCase)
            {
                case NumberDataPoint.ValueOneofCase.AsInt:
                    sb.Append(Inv, $"Value: {point.AsInt}\n");
                    break;
                case NumberDataPoint.ValueOneofCase.AsDouble:
                    AppendFixedLine(sb, "Value: ", point.AsDouble);
                    break;
            }

            AppendExemplars(sb, point.Exemplars);
        }
    }

    private static void AppendHistogramPoints(StringBuilder sb, RepeatedField<HistogramDataPoint> points)
    {
        for (int i = 0; i < points.Count; i++)
        {
            var point = points[i];
            sb.Append(Inv, $"HistogramDataPoints #{i}\n");
            AppendPointHeader(sb, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano, point.Flags);
            AppendCountSumMinMax(
                sb, point.Count, point.HasSum, point.Sum, point.HasMin, point.Min, point.HasMax, point.Max);
            for (int b = 0; b < point.ExplicitBounds.Count; b++)
            {
                sb.Append(Inv, $"ExplicitBounds #{b}: ");
                DebugText.AppendFixed(sb, point.ExplicitBounds[b]);
                sb.Append('\n');
            }

            for (int b = 0; b < point.BucketCounts.Count; b++)
            {
                sb.Append(Inv, $"Buckets #{b}, Count: {point.BucketCounts[b]}\n");
            }

            AppendExemplars(sb, point.Exemplars);
        }
    }

    /// <remarks>
    /// Buckets print with their value ranges as the reference does: negative buckets from the most negative up,
    /// then the zero bucket, then positive buckets. The bucket at index i covers (base^i, base^(i+1)] with
    /// base = 2^(2^-scale). <c>Scale</c> and <c>ZeroCount</c> lines are ours; the reference leaves them implicit.
    /// </remarks>
    private static void AppendExponentialPoints(StringBuilder sb, RepeatedField<ExponentialHistogramDataPoint> points)
    {
        for (int i = 0; i < points.Count; i++)
        {
            var point = points[i];
            sb.Append(Inv, $"ExponentialHistogramDataPoints #{i}\n");
            AppendPointHeader(sb, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano, point.Flags);
            AppendCountSumMinMax(
                sb, point.Count, point.HasSum, point.Sum, point.HasMin, point.Min, point.HasMax, point.Max);
            sb.Append(Inv, $"Scale: {point.Scale}\n");
            sb.Append(Inv, $"ZeroCount: {point.ZeroCount}\n");

            // 2^(index * 2^-scale) is exact for integral exponents, where the reference's exp(index * ln2 * 2^-scale)
            // can be off in the last bits.
            double step = Math.ScaleB(1.0, -point.Scale);
            var negative = point.Negative;
            if (negative is not null)
            {
                for (int pos = negative.BucketCounts.Count - 1; pos >= 0; pos--)
                {
                    double index = (double)negative.Offset + pos;
                    AppendBucket(sb, '[', -Math.Pow(2.0, (index + 1) * step), -Math.Pow(2.0, index * step), ')', negative.BucketCounts[pos]);
                }
            }

            if (point.ZeroCount != 0)
            {
                if (point.ZeroThreshold == 0)
                {
                    sb.Append(Inv, $"Bucket [0, 0], Count: {point.ZeroCount}\n");
                }
                else
                {
                    AppendBucket(sb, '[', -point.ZeroThreshold, point.ZeroThreshold, ']', point.ZeroCount);
                }
            }

            var positive = point.Positive;
            if (positive is not null)
            {
                for (int pos = 0; pos < positive.BucketCounts.Count; pos++)
                {
                    double index = (double)positive.Offset + pos;
                    AppendBucket(sb, '(', Math.Pow(2.0, index * step), Math.Pow(2.0, (index + 1) * step), ']', positive.BucketCounts[pos]);
                }
            }

            AppendExemplars(sb, point.Exemplars);
        }
    }

    // One exponential bucket with its value range, bracketed as an interval: "Bucket (lower, upper], Count: n".
    private static void AppendBucket(StringBuilder sb, char open, double lower, double upper, char close, ulong count)
    {
        sb.Append("Bucket ").Append(open);
        DebugText.AppendFixed(sb, lower);
        sb.Append(", ");
        DebugText.AppendFixed(sb, upper);
        sb.Append(close).Append(Inv, $", Count: {count}\n");
    }

    private static void AppendSummaryPoints(StringBuilder sb, RepeatedField<SummaryDataPoint> points)
    {
        for (int i = 0; i < points.Count; i++)
        {
            var point = points[i];
            sb.Append(Inv, $"SummaryDataPoints #{i}\n");
            AppendPointHeader(sb, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano, point.Flags);
            sb.Append(Inv, $"Count: {point.Count}\n");
            AppendFixedLine(sb, "Sum: ", point.Sum);
            for (int q = 0; q < point.QuantileValues.Count; q++)
            {
                var quantile = point.QuantileValues[q];
                sb.Append(Inv, $"QuantileValue #{q}: Quantile ");
                DebugText.AppendFixed(sb, quantile.Quantile);
                sb.Append(", Value ");
                DebugText.AppendFixed(sb, quantile.Value);
                sb.Append('\n');
            }
        }
    }

    private static void AppendPointHeader(
        StringBuilder sb, RepeatedField<KeyValue> attributes, ulong startTime, ulong time, uint flags)
    {
        AppendAttributes(sb, "Data point attributes", attributes);
        AppendTimestampLine(sb, "StartTimestamp: ", startTime);
        AppendTimestampLine(sb, "Timestamp: ", time);
        // Flags matter when set: NO_RECORDED_VALUE means the value lines below carry no data.
        AppendIfNonZero(sb, "Flags: ", flags);
    }

    private static void AppendCountSumMinMax(
        StringBuilder sb, ulong count, bool hasSum, double sum, bool hasMin, double min, bool hasMax, double max)
    {
        sb.Append(Inv, $"Count: {count}\n");
        if (hasSum)
        {
            AppendFixedLine(sb, "Sum: ", sum);
        }

        if (hasMin)
        {
            AppendFixedLine(sb, "Min: ", min);
        }

        if (hasMax)
        {
            AppendFixedLine(sb, "Max: ", max);
        }
    }

    private static void AppendExemplars(StringBuilder sb, RepeatedField<Exemplar> exemplars)
    {
        if (exemplars.Count == 0)
        {
            return;
        }

        sb.Append("Exemplars:\n");
        for (int i = 0; i < exemplars.Count; i++)
        {
            var exemplar = exemplars[i];
            sb.Append(Inv, $"Exemplar #{i}\n");
            sb.Append(Arrow).Append(" Trace ID: ");
            DebugText.AppendId(sb, exemplar.TraceId);
            sb.Append('\n').Append(Arrow).Append(" Span ID: ");
            DebugText.AppendId(sb, exemplar.SpanId);
            sb.Append('\n');
            AppendTimestampLine(sb, Arrow + " Timestamp: ", exemplar.TimeUnixNano);
            switch (exemplar.ValueCase)
            {
                case Exemplar.ValueOneofCase.AsInt:
                    sb.Append(Inv, $"{Arrow} Value: {exemplar.AsInt}\n");
                    break;
                case Exemplar.ValueOneofCase.AsDouble:
                    AppendFixedLine(sb, Arrow + " Value: ", exemplar.AsDouble);
                    break;
            }

            AppendAttributes(sb, Arrow + " FilteredAttributes", exemplar.FilteredAttributes);
        }
    }

    private static void AppendFixedLine(StringBuilder sb, string label, double value)
    {
        sb.Append(label);
        DebugText.AppendFixed(sb, value);
        sb.Append('\n');
    }
}
