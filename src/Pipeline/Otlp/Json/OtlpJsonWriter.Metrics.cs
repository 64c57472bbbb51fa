using System.Text.Json;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Pipeline.Otlp.Json;

// The metric signal: the five metric kinds and their data points.
public static partial class OtlpJsonWriter
{
    private static void WriteMetricsRequest(Utf8JsonWriter w, ExportMetricsServiceRequest request)
    {
        w.WriteStartObject();
        WriteMessages(w, "resourceMetrics"u8, request.ResourceMetrics, WriteResourceMetrics);
        w.WriteEndObject();
    }

    private static void WriteResourceMetrics(Utf8JsonWriter w, ResourceMetrics resourceMetrics)
    {
        w.WriteStartObject();
        if (resourceMetrics.Resource is not null)
        {
            w.WritePropertyName("resource"u8);
            WriteResource(w, resourceMetrics.Resource);
        }

        WriteMessages(w, "scopeMetrics"u8, resourceMetrics.ScopeMetrics, WriteScopeMetrics);
        WriteStringField(w, "schemaUrl"u8, resourceMetrics.SchemaUrl);
        w.WriteEndObject();
    }

    private static void WriteScopeMetrics(Utf8JsonWriter w, ScopeMetrics scopeMetrics)
    {
        w.WriteStartObject();
        if (scopeMetrics.Scope is not null)
        {
            w.WritePropertyName("scope"u8);
            WriteScope(w, scopeMetrics.Scope);
        }

        WriteMessages(w, "metrics"u8, scopeMetrics.Metrics, WriteMetric);
        WriteStringField(w, "schemaUrl"u8, scopeMetrics.SchemaUrl);
        w.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter w, Metric metric)
    {
        w.WriteStartObject();
        WriteStringField(w, "name"u8, metric.Name);
        WriteStringField(w, "description"u8, metric.Description);
        WriteStringField(w, "unit"u8, metric.Unit);
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                w.WritePropertyName("gauge"u8);
                w.WriteStartObject();
                WriteMessages(w, "dataPoints"u8, metric.Gauge.DataPoints, WriteNumberDataPoint);
                w.WriteEndObject();
                break;
            case Metric.DataOneofCase.Sum:
                w.WritePropertyName("sum"u8);
                w.WriteStartObject();
                WriteMessages(w, "dataPoints"u8, metric.Sum.DataPoints, WriteNumberDataPoint);
                WriteEnumField(w, "aggregationTemporality"u8, (int)metric.Sum.AggregationTemporality);
                WriteBoolField(w, "isMonotonic"u8, metric.Sum.IsMonotonic);
                w.WriteEndObject();
                break;
            case Metric.DataOneofCase.Histogram:
                w.WritePropertyName("histogram"u8);
                w.WriteStartObject();
                WriteMessages(w, "dataPoints"u8, metric.Histogram.DataPoints, WriteHistogramDataPoint);
                WriteEnumField(w, "aggregationTemporality"u8, (int)metric.Histogram.AggregationTemporality);
                w.WriteEndObject();
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                w.WritePropertyName("exponentialHistogram"u8);
                w.WriteStartObject();
                WriteMessages(
                    w, "dataPoints"u8, metric.ExponentialHistogram.DataPoints, WriteExponentialHistogramDataPoint);
                WriteEnumField(w, "aggregationTemporality"u8, (int)metric.ExponentialHistogram.AggregationTemporality);
                w.WriteEndObject();
                break;
            case Metric.DataOneofCase.Summary:
                w.WritePropertyName("summary"u8);
                w.WriteStartObject();
                WriteMessages(w, "dataPoints"u8, metric.Summary.DataPoints, WriteSummaryDataPoint);
                w.WriteEndObject();
                break;
        }

        WriteMessages(w, "metadata"u8, metric.Metadata, WriteKeyValue);
        w.WriteEndObject();
    }

    private static void WriteNumberDataPoint(Utf8JsonWriter w, NumberDataPoint point)
    {
        w.WriteStartObject();
        WriteMessages(w, "attributes"u8, point.Attributes, WriteKeyValue);
        WriteUInt64Field(w, "startTimeUnixNano"u8, point.StartTimeUnixNano);
        WriteUInt64Field(w, "timeUnixNano"u8, point.TimeUnixNano);
        if (point.HasAsDouble)
        {
            WriteDouble(w, "asDouble"u8, point.AsDouble);
        }
        else if (point.HasAsInt)
        {
            WriteInt64(w, "asInt"u8, point.AsInt);
        }

        WriteMessages(w, "exemplars"u8, point.Exemplars, WriteExemplar);
        WriteUInt32Field(w, "flags"u8, point.Flags);
        w.WriteEndObject();
    }

    private static void WriteHistogramDataPoint(Utf8JsonWriter w, HistogramDataPoint point)
    {
        w.WriteStartObject();
        WriteMessages(w, "attributes"u8, point.Attributes, WriteKeyValue);
        WriteUInt64Field(w, "startTimeUnixNano"u8, point.StartTimeUnixNano);
        WriteUInt64Field(w, "timeUnixNano"u8, point.TimeUnixNano);
        WriteUInt64Field(w, "count"u8, point.Count);
        if (point.HasSum)
        {
            WriteDouble(w, "sum"u8, point.Sum);
        }

        WriteUInt64s(w, "bucketCounts"u8, point.BucketCounts);
        WriteDoubles(w, "explicitBounds"u8, point.ExplicitBounds);
        WriteMessages(w, "exemplars"u8, point.Exemplars, WriteExemplar);
        WriteUInt32Field(w, "flags"u8, point.Flags);
        if (point.HasMin)
        {
            WriteDouble(w, "min"u8, point.Min);
        }

        if (point.HasMax)
        {
            WriteDouble(w, "max"u8, point.Max);
        }

        w.WriteEndObject();
    }

    private static void WriteExponentialHistogramDataPoint(Utf8JsonWriter w, ExponentialHistogramDataPoint point)
    {
        w.WriteStartObject();
        WriteMessages(w, "attributes"u8, point.Attributes, WriteKeyValue);
        WriteUInt64Field(w, "startTimeUnixNano"u8, point.StartTimeUnixNano);
        WriteUInt64Field(w, "timeUnixNano"u8, point.TimeUnixNano);
        WriteUInt64Field(w, "count"u8, point.Count);
        if (point.HasSum)
        {
            WriteDouble(w, "sum"u8, point.Sum);
        }

        WriteInt32Field(w, "scale"u8, point.Scale);
        WriteUInt64Field(w, "zeroCount"u8, point.ZeroCount);
        if (point.Positive is not null)
        {
            w.WritePropertyName("positive"u8);
            WriteBuckets(w, point.Positive);
        }

        if (point.Negative is not null)
        {
            w.WritePropertyName("negative"u8);
            WriteBuckets(w, point.Negative);
        }

        WriteUInt32Field(w, "flags"u8, point.Flags);
        WriteMessages(w, "exemplars"u8, point.Exemplars, WriteExemplar);
        if (point.HasMin)
        {
            WriteDouble(w, "min"u8, point.Min);
        }

        if (point.HasMax)
        {
            WriteDouble(w, "max"u8, point.Max);
        }

        WriteDoubleField(w, "zeroThreshold"u8, point.ZeroThreshold);
        w.WriteEndObject();
    }

    private static void WriteBuckets(Utf8JsonWriter w, ExponentialHistogramDataPoint.Types.Buckets buckets)
    {
        w.WriteStartObject();
        WriteInt32Field(w, "offset"u8, buckets.Offset);
        WriteUInt64s(w, "bucketCounts"u8, buckets.BucketCounts);
        w.WriteEndObject();
    }

    private static void WriteSummaryDataPoint(Utf8JsonWriter w, SummaryDataPoint point)
    {
        w.WriteStartObject();
        WriteMessages(w, "attributes"u8, point.Attributes, WriteKeyValue);
        WriteUInt64Field(w, "startTimeUnixNano"u8, point.StartTimeUnixNano);
        WriteUInt64Field(w, "timeUnixNano"u8, point.TimeUnixNano);
        WriteUInt64Field(w, "count"u8, point.Count);
        WriteDoubleField(w, "sum"u8, point.Sum);
        WriteMessages(w, "quantileValues"u8, point.QuantileValues, WriteValueAtQuantile);
        WriteUInt32Field(w, "flags"u8, point.Flags);
        w.WriteEndObject();
    }

    private static void WriteValueAtQuantile(Utf8JsonWriter w, SummaryDataPoint.Types.ValueAtQuantile quantile)
    {
        w.WriteStartObject();
        WriteDoubleField(w, "quantile"u8, quantile.Quantile);
        WriteDoubleField(w, "value"u8, quantile.Value);
        w.WriteEndObject();
    }

    private static void WriteExemplar(Utf8JsonWriter w, Exemplar exemplar)
    {
        w.WriteStartObject();
        WriteMessages(w, "filteredAttributes"u8, exemplar.FilteredAttributes, WriteKeyValue);
        WriteUInt64Field(w, "timeUnixNano"u8, exemplar.TimeUnixNano);
        if (exemplar.HasAsDouble)
        {
            WriteDouble(w, "asDouble"u8, exemplar.AsDouble);
        }
        else if (exemplar.HasAsInt)
        {
            WriteInt64(w, "asInt"u8, exemplar.AsInt);
        }

        WriteHexIdField(w, "spanId"u8, exemplar.SpanId);
        WriteHexIdField(w, "traceId"u8, exemplar.TraceId);
        w.WriteEndObject();
    }
}
