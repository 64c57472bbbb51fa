using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Pipeline.Otlp.Json;

// The metric signal: the five metric kinds and their data points.
public static partial class OtlpJsonReader
{
    private static ExportMetricsServiceRequest ReadMetricsRequest(ref JsonCursor c)
    {
        var request = new ExportMetricsServiceRequest();
        if (!c.BeginObject())
        {
            return request;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("resourceMetrics"u8))
            {
                ReadMessages(ref c, request.ResourceMetrics, ReadResourceMetrics);
            }
            else
            {
                c.Skip();
            }
        }

        return request;
    }

    private static ResourceMetrics ReadResourceMetrics(ref JsonCursor c)
    {
        var resourceMetrics = new ResourceMetrics();
        if (!c.BeginObject())
        {
            return resourceMetrics;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("scopeMetrics"u8))
            {
                ReadMessages(ref c, resourceMetrics.ScopeMetrics, ReadScopeMetrics);
            }
            else if (key.SequenceEqual("resource"u8))
            {
                resourceMetrics.Resource = ReadResource(ref c);
            }
            else if (key.SequenceEqual("schemaUrl"u8))
            {
                resourceMetrics.SchemaUrl = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return resourceMetrics;
    }

    private static ScopeMetrics ReadScopeMetrics(ref JsonCursor c)
    {
        var scopeMetrics = new ScopeMetrics();
        if (!c.BeginObject())
        {
            return scopeMetrics;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("metrics"u8))
            {
                ReadMessages(ref c, scopeMetrics.Metrics, ReadMetric);
            }
            else if (key.SequenceEqual("scope"u8))
            {
                scopeMetrics.Scope = ReadScope(ref c);
            }
            else if (key.SequenceEqual("schemaUrl"u8))
            {
                scopeMetrics.SchemaUrl = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return scopeMetrics;
    }

    private static Metric ReadMetric(ref JsonCursor c)
    {
        var metric = new Metric();
        if (!c.BeginObject())
        {
            return metric;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("name"u8))
            {
                metric.Name = c.ReadString();
            }
            else if (key.SequenceEqual("description"u8))
            {
                metric.Description = c.ReadString();
            }
            else if (key.SequenceEqual("unit"u8))
            {
                metric.Unit = c.ReadString();
            }
            else if (key.SequenceEqual("sum"u8))
            {
                metric.Sum = ReadSum(ref c);
            }
            else if (key.SequenceEqual("gauge"u8))
            {
                metric.Gauge = ReadGauge(ref c);
            }
            else if (key.SequenceEqual("histogram"u8))
            {
                metric.Histogram = ReadHistogram(ref c);
            }
            else if (key.SequenceEqual("exponentialHistogram"u8))
            {
                metric.ExponentialHistogram = ReadExponentialHistogram(ref c);
            }
            else if (key.SequenceEqual("summary"u8))
            {
                metric.Summary = ReadSummary(ref c);
            }
            else if (key.SequenceEqual("metadata"u8))
            {
                ReadMessages(ref c, metric.Metadata, ReadKeyValue);
            }
            else
            {
                c.Skip();
            }
        }

        return metric;
    }

    private static Gauge ReadGauge(ref JsonCursor c)
    {
        var gauge = new Gauge();
        if (!c.BeginObject())
        {
            return gauge;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("dataPoints"u8))
            {
                ReadMessages(ref c, gauge.DataPoints, ReadNumberDataPoint);
            }
            else
            {
                c.Skip();
            }
        }

        return gauge;
    }

    private static Sum ReadSum(ref JsonCursor c)
    {
        var sum = new Sum();
        if (!c.BeginObject())
        {
            return sum;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("dataPoints"u8))
            {
                ReadMessages(ref c, sum.DataPoints, ReadNumberDataPoint);
            }
            else if (key.SequenceEqual("aggregationTemporality"u8))
            {
                sum.AggregationTemporality = ReadTemporality(ref c);
            }
            else if (key.SequenceEqual("isMonotonic"u8))
            {
                sum.IsMonotonic = c.ReadBool();
            }
            else
            {
                c.Skip();
            }
        }

        return sum;
    }

    private static Histogram ReadHistogram(ref JsonCursor c)
    {
        var histogram = new Histogram();
        if (!c.BeginObject())
        {
            return histogram;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("dataPoints"u8))
            {
                ReadMessages(ref c, histogram.DataPoints, ReadHistogramDataPoint);
            }
            else if (key.SequenceEqual("aggregationTemporality"u8))
            {
                histogram.AggregationTemporality = ReadTemporality(ref c);
            }
            else
            {
                c.Skip();
            }
        }

        return histogram;
    }

    private static ExponentialHistogram ReadExponentialHistogram(ref JsonCursor c)
    {
        var histogram = new ExponentialHistogram();
        if (!c.BeginObject())
        {
            return histogram;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("dataPoints"u8))
            {
                ReadMessages(ref c, histogram.DataPoints, ReadExponentialHistogramDataPoint);
            }
            else if (key.SequenceEqual("aggregationTemporality"u8))
            {
                histogram.AggregationTemporality = ReadTemporality(ref c);
            }
            else
            {
                c.Skip();
            }
        }

        return histogram;
    }

    private static Summary ReadSummary(ref JsonCursor c)
    {
        var summary = new Summary();
        if (!c.BeginObject())
        {
            return summary;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("dataPoints"u8))
            {
                ReadMessages(ref c, summary.DataPoints, ReadSummaryDataPoint);
            }
            else
            {
                c.Skip();
            }
        }

        return summary;
    }

    private static AggregationTemporality ReadTemporality(ref JsonCursor c) =>
        (AggregationTemporality)c.ReadEnum(OtlpEnumNames.AggregationTemporality, "AggregationTemporality");

    private static NumberDataPoint ReadNumberDataPoint(ref JsonCursor c)
    {
        var point = new NumberDataPoint();
        if (!c.BeginObject())
        {
            return point;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, point.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("startTimeUnixNano"u8))
            {
                point.StartTimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("timeUnixNano"u8))
            {
                point.TimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("asDouble"u8))
            {
                point.AsDouble = c.ReadDouble();
            }
            else if (key.SequenceEqual("asInt"u8))
            {
                point.AsInt = c.ReadInt64();
            }
            else if (key.SequenceEqual("exemplars"u8))
            {
                ReadMessages(ref c, point.Exemplars, ReadExemplar);
            }
            else if (key.SequenceEqual("flags"u8))
            {
                point.Flags = c.ReadUInt32();
            }
            else
            {
                c.Skip();
            }
        }

        return point;
    }

    private static HistogramDataPoint ReadHistogramDataPoint(ref JsonCursor c)
    {
        var point = new HistogramDataPoint();
        if (!c.BeginObject())
        {
            return point;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, point.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("startTimeUnixNano"u8))
            {
                point.StartTimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("timeUnixNano"u8))
            {
                point.TimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("count"u8))
            {
                point.Count = c.ReadUInt64();
            }
            else if (key.SequenceEqual("sum"u8))
            {
                point.Sum = c.ReadDouble();
            }
            else if (key.SequenceEqual("bucketCounts"u8))
            {
                ReadUInt64s(ref c, point.BucketCounts);
            }
            else if (key.SequenceEqual("explicitBounds"u8))
            {
                ReadDoubles(ref c, point.ExplicitBounds);
            }
            else if (key.SequenceEqual("exemplars"u8))
            {
                ReadMessages(ref c, point.Exemplars, ReadExemplar);
            }
            else if (key.SequenceEqual("flags"u8))
            {
                point.Flags = c.ReadUInt32();
            }
            else if (key.SequenceEqual("min"u8))
            {
                point.Min = c.ReadDouble();
            }
            else if (key.SequenceEqual("max"u8))
            {
                point.Max = c.ReadDouble();
            }
            else
            {
                c.Skip();
            }
        }

        return point;
    }

    private static ExponentialHistogramDataPoint ReadExponentialHistogramDataPoint(ref JsonCursor c)
    {
        var point = new ExponentialHistogramDataPoint();
        if (!c.BeginObject())
        {
            return point;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, point.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("startTimeUnixNano"u8))
            {
                point.StartTimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("timeUnixNano"u8))
            {
                point.TimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("count"u8))
            {
                point.Count = c.ReadUInt64();
            }
            else if (key.SequenceEqual("sum"u8))
            {
                point.Sum = c.ReadDouble();
            }
            else if (key.SequenceEqual("scale"u8))
            {
                point.Scale = c.ReadInt32();
            }
            else if (key.SequenceEqual("zeroCount"u8))
            {
                point.ZeroCount = c.ReadUInt64();
            }
            else if (key.SequenceEqual("positive"u8))
            {
                point.Positive = ReadBuckets(ref c);
            }
            else if (key.SequenceEqual("negative"u8))
            {
                point.Negative = ReadBuckets(ref c);
            }
            else if (key.SequenceEqual("flags"u8))
            {
                point.Flags = c.ReadUInt32();
            }
            else if (key.SequenceEqual("exemplars"u8))
            {
                ReadMessages(ref c, point.Exemplars, ReadExemplar);
            }
            else if (key.SequenceEqual("min"u8))
            {
                point.Min = c.ReadDouble();
            }
            else if (key.SequenceEqual("max"u8))
            {
                point.Max = c.ReadDouble();
            }
            else if (key.SequenceEqual("zeroThreshold"u8))
            {
                point.ZeroThreshold = c.ReadDouble();
            }
            else
            {
                c.Skip();
            }
        }

        return point;
    }

    private static ExponentialHistogramDataPoint.Types.Buckets ReadBuckets(ref JsonCursor c)
    {
        var buckets = new ExponentialHistogramDataPoint.Types.Buckets();
        if (!c.BeginObject())
        {
            return buckets;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("offset"u8))
            {
                buckets.Offset = c.ReadInt32();
            }
            else if (key.SequenceEqual("bucketCounts"u8))
            {
                ReadUInt64s(ref c, buckets.BucketCounts);
            }
            else
            {
                c.Skip();
            }
        }

        return buckets;
    }

    private static SummaryDataPoint ReadSummaryDataPoint(ref JsonCursor c)
    {
        var point = new SummaryDataPoint();
        if (!c.BeginObject())
        {
            return point;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, point.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("startTimeUnixNano"u8))
            {
                point.StartTimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("timeUnixNano"u8))
            {
                point.TimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("count"u8))
            {
                point.Count = c.ReadUInt64();
            }
            else if (key.SequenceEqual("sum"u8))
            {
                point.Sum = c.ReadDouble();
            }
            else if (key.SequenceEqual("quantileValues"u8))
            {
                ReadMessages(ref c, point.QuantileValues, ReadValueAtQuantile);
            }
            else if (key.SequenceEqual("flags"u8))
            {
                point.Flags = c.ReadUInt32();
            }
            else
            {
                c.Skip();
            }
        }

        return point;
    }

    private static SummaryDataPoint.Types.ValueAtQuantile ReadValueAtQuantile(ref JsonCursor c)
    {
        var quantile = new SummaryDataPoint.Types.ValueAtQuantile();
        if (!c.BeginObject())
        {
            return quantile;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("quantile"u8))
            {
                quantile.Quantile = c.ReadDouble();
            }
            else if (key.SequenceEqual("value"u8))
            {
                quantile.Value = c.ReadDouble();
            }
            else
            {
                c.Skip();
            }
        }

        return quantile;
    }

    private static Exemplar ReadExemplar(ref JsonCursor c)
    {
        var exemplar = new Exemplar();
        if (!c.BeginObject())
        {
            return exemplar;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("filteredAttributes"u8))
            {
                ReadMessages(ref c, exemplar.FilteredAttributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("timeUnixNano"u8))
            {
                exemplar.TimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("asDouble"u8))
            {
                exemplar.AsDouble = c.ReadDouble();
            }
            else if (key.SequenceEqual("asInt"u8))
            {
                exemplar.AsInt = c.ReadInt64();
            }
            else if (key.SequenceEqual("spanId"u8))
            {
                exemplar.SpanId = c.ReadHexId();
            }
            else if (key.SequenceEqual("traceId"u8))
            {
                exemplar.TraceId = c.ReadHexId();
            }
            else
            {
                c.Skip();
            }
        }

        return exemplar;
    }
}
