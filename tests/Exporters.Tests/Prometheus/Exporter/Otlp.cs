using Google.Protobuf;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>Small builders for the OTLP metrics messages the prometheus exporter tests feed in.</summary>
internal static class Otlp
{
    /// <summary>2023-11-14T22:13:20Z in nanoseconds: a round epoch second, so timestamps read easily.</summary>
    public const ulong T0 = 1_700_000_000_000_000_000UL;

    /// <summary><see cref="T0"/> in milliseconds.</summary>
    public const long T0Ms = 1_700_000_000_000L;

    public const uint NoRecordedValue = 1;

    public static readonly ByteString TraceId = Hex("5b8efff798038103d269b633813fc60c");
    public static readonly ByteString SpanId = Hex("eee19b7ec3c1b174");

    /// <summary>T0 plus whole seconds.</summary>
    public static ulong At(int seconds) => T0 + ((ulong)seconds * 1_000_000_000UL);

    public static ByteString Hex(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };

    public static AnyValue Int(long v) => new() { IntValue = v };

    public static AnyValue Dbl(double v) => new() { DoubleValue = v };

    public static AnyValue Bool(bool v) => new() { BoolValue = v };

    public static AnyValue Array(params AnyValue[] values)
    {
        var array = new ArrayValue();
        array.Values.Add(values);
        return new AnyValue { ArrayValue = array };
    }

    public static AnyValue Str(string v) => new() { StringValue = v };

    public static Resource Resource(params KeyValue[] attributes)
    {
        var resource = new Resource();
        resource.Attributes.Add(attributes);
        return resource;
    }

    public static InstrumentationScope Scope(string name, string version = "", params KeyValue[] attributes)
    {
        var scope = new InstrumentationScope { Name = name, Version = version };
        scope.Attributes.Add(attributes);
        return scope;
    }

    /// <summary>One resource (empty when null) with one scope (none when null) holding the metrics.</summary>
    public static ExportMetricsServiceRequest Request(Resource? resource, InstrumentationScope? scope, params Metric[] metrics)
        => Request(resource, scope, string.Empty, metrics);

    public static ExportMetricsServiceRequest Request(Resource? resource, InstrumentationScope? scope, string scopeSchemaUrl, params Metric[] metrics)
    {
        var scopeMetrics = new ScopeMetrics { Scope = scope, SchemaUrl = scopeSchemaUrl };
        scopeMetrics.Metrics.Add(metrics);
        var resourceMetrics = new ResourceMetrics { Resource = resource ?? new Resource() };
        resourceMetrics.ScopeMetrics.Add(scopeMetrics);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    /// <summary>Metrics with an empty resource and no scope: no job, instance or scope labels.</summary>
    public static ExportMetricsServiceRequest Request(params Metric[] metrics) => Request(null, null, metrics);

    public static Metric Gauge(string name, params NumberDataPoint[] points)
    {
        var gauge = new Gauge();
        gauge.DataPoints.Add(points);
        return new Metric { Name = name, Gauge = gauge };
    }

    public static Metric Sum(string name, AggregationTemporality temporality, bool monotonic, params NumberDataPoint[] points)
    {
        var sum = new Sum { AggregationTemporality = temporality, IsMonotonic = monotonic };
        sum.DataPoints.Add(points);
        return new Metric { Name = name, Sum = sum };
    }

    public static Metric Counter(string name, params NumberDataPoint[] points) => Sum(name, AggregationTemporality.Cumulative, true, points);

    public static Metric Histogram(string name, AggregationTemporality temporality, params HistogramDataPoint[] points)
    {
        var histogram = new Histogram { AggregationTemporality = temporality };
        histogram.DataPoints.Add(points);
        return new Metric { Name = name, Histogram = histogram };
    }

    public static Metric ExponentialHistogram(string name, AggregationTemporality temporality, params ExponentialHistogramDataPoint[] points)
    {
        var histogram = new ExponentialHistogram { AggregationTemporality = temporality };
        histogram.DataPoints.Add(points);
        return new Metric { Name = name, ExponentialHistogram = histogram };
    }

    public static Metric Summary(string name, params SummaryDataPoint[] points)
    {
        var summary = new Summary();
        summary.DataPoints.Add(points);
        return new Metric { Name = name, Summary = summary };
    }

    public static Metric With(this Metric metric, string unit = "", string description = "")
    {
        metric.Unit = unit;
        metric.Description = description;
        return metric;
    }

    public static NumberDataPoint Point(double value, ulong time, ulong start = 0, uint flags = 0)
        => new() { AsDouble = value, TimeUnixNano = time, StartTimeUnixNano = start, Flags = flags };

    public static NumberDataPoint IntPoint(long value, ulong time, ulong start = 0)
        => new() { AsInt = value, TimeUnixNano = time, StartTimeUnixNano = start };

    public static T Attrs<T>(this T point, params KeyValue[] attributes)
        where T : IMessage
    {
        var field = point switch
        {
            NumberDataPoint p => p.Attributes,
            HistogramDataPoint p => p.Attributes,
            ExponentialHistogramDataPoint p => p.Attributes,
            SummaryDataPoint p => p.Attributes,
            _ => throw new ArgumentException("not a data point", nameof(point)),
        };
        field.Add(attributes);
        return point;
    }

    public static Exemplar Exemplar(double value, ulong time, params KeyValue[] filtered)
    {
        var exemplar = new Exemplar { AsDouble = value, TimeUnixNano = time, TraceId = TraceId, SpanId = SpanId };
        exemplar.FilteredAttributes.Add(filtered);
        return exemplar;
    }

    /// <summary>A classic histogram point; its count is the sum of the bucket counts.</summary>
    public static HistogramDataPoint HistogramPoint(ulong start, ulong time, double[] bounds, ulong[] counts, double sum, uint flags = 0)
    {
        var point = new HistogramDataPoint { StartTimeUnixNano = start, TimeUnixNano = time, Sum = sum, Flags = flags };
        point.ExplicitBounds.Add(bounds);
        point.BucketCounts.Add(counts);
        point.Count = counts.Aggregate(0UL, (a, b) => a + b);
        return point;
    }

    public static ExponentialHistogramDataPoint ExponentialPoint(
        ulong start, ulong time, int scale, ulong zeroCount, int positiveOffset, ulong[] positive, int negativeOffset = 0, ulong[]? negative = null, double? sum = null, double zeroThreshold = 0)
    {
        var point = new ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = start,
            TimeUnixNano = time,
            Scale = scale,
            ZeroCount = zeroCount,
            ZeroThreshold = zeroThreshold,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = positiveOffset },
            Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = negativeOffset },
        };
        point.Positive.BucketCounts.Add(positive);
        point.Negative.BucketCounts.Add(negative ?? []);
        point.Count = zeroCount + positive.Aggregate(0UL, (a, b) => a + b) + (negative ?? []).Aggregate(0UL, (a, b) => a + b);
        if (sum is { } s)
        {
            point.Sum = s;
        }

        return point;
    }

    public static SummaryDataPoint SummaryPoint(ulong start, ulong time, ulong count, double sum, params (double Quantile, double Value)[] quantiles)
    {
        var point = new SummaryDataPoint { StartTimeUnixNano = start, TimeUnixNano = time, Count = count, Sum = sum };
        foreach (var (q, v) in quantiles)
        {
            point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = q, Value = v });
        }

        return point;
    }
}
