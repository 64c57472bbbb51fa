using System.Text;
using MiniCollector.Exporters.Debug;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using static MiniCollector.Exporters.Tests.Debug.DebugTestData;
using Resource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Exporters.Tests.Debug;

public class DetailedFormatterMetricsTests
{
    private const ulong Start = T321;
    private const ulong End = T321 + 1_000_000_468; // 20:26:13.000000789

    private static string Format(params Metric[] metrics)
    {
        var scope = new ScopeMetrics
        {
            Scope = new InstrumentationScope { Name = "meter", Version = "2.1" },
            SchemaUrl = "https://opentelemetry.io/schemas/1.9.0",
        };
        scope.Metrics.Add(metrics);
        var request = new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    Resource = new Resource { Attributes = { Kv("service.name", "checkout") } },
                    ScopeMetrics = { scope },
                },
            },
        };
        var sb = new StringBuilder();
        DetailedFormatter.Write(sb, request);
        return sb.ToString();
    }

    private const string Header = """
        ResourceMetrics #0
        Resource SchemaURL:·
        Resource attributes:
             -> service.name: Str(checkout)
        ScopeMetrics #0
        ScopeMetrics SchemaURL: https://opentelemetry.io/schemas/1.9.0
        InstrumentationScope meter 2.1
        """;

    [Fact]
    public void Gauge_and_sum_print_descriptor_points_and_exemplars()
    {
        var gauge = new Metric
        {
            Name = "queue.size",
            Description = "Items waiting",
            Unit = "{item}",
            Metadata = { Kv("origin", "sdk"), Kv("version", Int(2)) },
            Gauge = new Gauge
            {
                DataPoints =
                {
                    new NumberDataPoint
                    {
                        Attributes = { Kv("queue", "a") },
                        StartTimeUnixNano = Start,
                        TimeUnixNano = End,
                        AsInt = 42,
                        Exemplars =
                        {
                            new Exemplar
                            {
                                TraceId = Hex("0102030405060708090a0b0c0d0e0f10"),
                                SpanId = Hex("1112131415161718"),
                                TimeUnixNano = T321 + 1_000_000_000 - 198,
                                AsDouble = 15,
                                FilteredAttributes = { Kv("exemplar-attachment", "x") },
                            },
                            new Exemplar { AsInt = 3 },
                            new Exemplar(),
                        },
                    },
                    new NumberDataPoint { AsDouble = 3.14, Flags = 1 },
                    new NumberDataPoint(),
                },
            },
        };
        var sum = new Metric
        {
            Name = "requests",
            Unit = "1",
            Sum = new Sum
            {
                IsMonotonic = true,
                AggregationTemporality = AggregationTemporality.Cumulative,
                DataPoints = { new NumberDataPoint { AsDouble = -1.5, TimeUnixNano = End } },
            },
        };
        var deltaSum = new Metric
        {
            Name = "bytes",
            Sum = new Sum { AggregationTemporality = AggregationTemporality.Delta },
        };

        Assert.Equal(
            Lines(Header + "\n" + """
                Metric #0
                Descriptor:
                     -> Name: queue.size
                     -> Description: Items waiting
                     -> Unit: {item}
                     -> DataType: Gauge
                     -> Metadata:
                          -> origin: Str(sdk)
                          -> version: Int(2)
                NumberDataPoints #0
                Data point attributes:
                     -> queue: Str(a)
                StartTimestamp: 2020-02-11 20:26:12.000000321 +0000 UTC
                Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
                Value: 42
                Exemplars:
                Exemplar #0
                     -> Trace ID: 0102030405060708090a0b0c0d0e0f10
                     -> Span ID: 1112131415161718
                     -> Timestamp: 2020-02-11 20:26:13.000000123 +0000 UTC
                     -> Value: 15.000000
                     -> FilteredAttributes:
                          -> exemplar-attachment: Str(x)
                Exemplar #1
                     -> Trace ID:·
                     -> Span ID:·
                     -> Timestamp: 1970-01-01 00:00:00 +0000 UTC
                     -> Value: 3
                Exemplar #2
                     -> Trace ID:·
                     -> Span ID:·
                     -> Timestamp: 1970-01-01 00:00:00 +0000 UTC
                NumberDataPoints #1
                StartTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                Flags: 1
                Value: 3.140000
                NumberDataPoints #2
                StartTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                Metric #1
                Descriptor:
                     -> Name: requests
                     -> Description:·
                     -> Unit: 1
                     -> DataType: Sum
                     -> IsMonotonic: true
                     -> AggregationTemporality: Cumulative
                NumberDataPoints #0
                StartTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
                Value: -1.500000
                Metric #2
                Descriptor:
                     -> Name: bytes
                     -> Description:·
                     -> Unit:·
                     -> DataType: Sum
                     -> IsMonotonic: false
                     -> AggregationTemporality: Delta
                """),
            Format(gauge, sum, deltaSum));
    }

    [Fact]
    public void Histogram_prints_count_sum_min_max_bounds_and_buckets()
    {
        var histogram = new Metric
        {
            Name = "latency",
            Unit = "ms",
            Histogram = new Histogram
            {
                AggregationTemporality = AggregationTemporality.Cumulative,
                DataPoints =
                {
                    new HistogramDataPoint
                    {
                        Attributes = { Kv("route", "/cart") },
                        StartTimeUnixNano = Start,
                        TimeUnixNano = End,
                        Count = 3,
                        Sum = 6,
                        Min = 1,
                        Max = 3,
                        ExplicitBounds = { 1, 2.5 },
                        BucketCounts = { 1, 2, 0 },
                        Exemplars = { new Exemplar { AsInt = 2, SpanId = Hex("1112131415161718") } },
                    },
                    new HistogramDataPoint { Count = 0 },
                },
            },
        };

        Assert.Equal(
            Lines(Header + "\n" + """
                Metric #0
                Descriptor:
                     -> Name: latency
                     -> Description:·
                     -> Unit: ms
                     -> DataType: Histogram
                     -> AggregationTemporality: Cumulative
                HistogramDataPoints #0
                Data point attributes:
                     -> route: Str(/cart)
                StartTimestamp: 2020-02-11 20:26:12.000000321 +0000 UTC
                Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
                Count: 3
                Sum: 6.000000
                Min: 1.000000
                Max: 3.000000
                ExplicitBounds #0: 1.000000
                ExplicitBounds #1: 2.500000
                Buckets #0, Count: 1
                Buckets #1, Count: 2
                Buckets #2, Count: 0
                Exemplars:
                Exemplar #0
                     -> Trace ID:·
                     -> Span ID: 1112131415161718
                     -> Timestamp: 1970-01-01 00:00:00 +0000 UTC
                     -> Value: 2
                HistogramDataPoints #1
                StartTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                Count: 0
                """),
            Format(histogram));
    }

    [Fact]
    public void Exponential_histogram_prints_bucket_ranges_like_the_reference()
    {
        // Same buckets as the reference collector's metrics_with_all_types.out, so the range lines must match it.
        var metric = new Metric
        {
            Name = "exponential-histogram",
            Unit = "1",
            ExponentialHistogram = new ExponentialHistogram
            {
                AggregationTemporality = AggregationTemporality.Delta,
                DataPoints =
                {
                    new ExponentialHistogramDataPoint
                    {
                        Attributes = { Kv("label-1", "label-value-1") },
                        StartTimeUnixNano = Start,
                        TimeUnixNano = End,
                        Count = 5,
                        Sum = 0.15,
                        Scale = 1,
                        ZeroCount = 1,
                        Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 1, BucketCounts = { 1, 1 } },
                        Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -1, BucketCounts = { 1, 1 } },
                    },
                    new ExponentialHistogramDataPoint
                    {
                        Count = 3,
                        Sum = 1.25,
                        Min = 0,
                        Max = 1,
                        Scale = -1,
                        ZeroCount = 1,
                        ZeroThreshold = 0.5,
                        Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -1, BucketCounts = { 1, 1 } },
                        Exemplars = { new Exemplar { AsInt = 15 } },
                    },
                    new ExponentialHistogramDataPoint(),
                },
            },
        };

        Assert.Equal(
            Lines(Header + "\n" + """
                Metric #0
                Descriptor:
                     -> Name: exponential-histogram
                     -> Description:·
                     -> Unit: 1
                     -> DataType: ExponentialHistogram
                     -> AggregationTemporality: Delta
                ExponentialHistogramDataPoints #0
                Data point attributes:
                     -> label-1: Str(label-value-1)
                StartTimestamp: 2020-02-11 20:26:12.000000321 +0000 UTC
                Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
                Count: 5
                Sum: 0.150000
                Scale: 1
                ZeroCount: 1
                Bucket [-1.414214, -1.000000), Count: 1
                Bucket [-1.000000, -0.707107), Count: 1
                Bucket [0, 0], Count: 1
                Bucket (1.414214, 2.000000], Count: 1
                Bucket (2.000000, 2.828427], Count: 1
                ExponentialHistogramDataPoints #1
                StartTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                Count: 3
                Sum: 1.250000
                Min: 0.000000
                Max: 1.000000
                Scale: -1
                ZeroCount: 1
                Bucket [-0.500000, 0.500000], Count: 1
                Bucket (0.250000, 1.000000], Count: 1
                Bucket (1.000000, 4.000000], Count: 1
                Exemplars:
                Exemplar #0
                     -> Trace ID:·
                     -> Span ID:·
                     -> Timestamp: 1970-01-01 00:00:00 +0000 UTC
                     -> Value: 15
                ExponentialHistogramDataPoints #2
                StartTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                Count: 0
                Scale: 0
                ZeroCount: 0
                """),
            Format(metric));
    }

    [Fact]
    public void Summary_prints_count_sum_and_quantiles()
    {
        var metric = new Metric
        {
            Name = "rpc.duration",
            Summary = new Summary
            {
                DataPoints =
                {
                    new SummaryDataPoint
                    {
                        Attributes = { Kv("svc", "x") },
                        StartTimeUnixNano = Start,
                        TimeUnixNano = End,
                        Count = 1,
                        Sum = 15,
                        QuantileValues =
                        {
                            new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.01, Value = 15 },
                            new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 1 },
                        },
                    },
                    new SummaryDataPoint(),
                },
            },
        };

        Assert.Equal(
            Lines(Header + "\n" + """
                Metric #0
                Descriptor:
                     -> Name: rpc.duration
                     -> Description:·
                     -> Unit:·
                     -> DataType: Summary
                SummaryDataPoints #0
                Data point attributes:
                     -> svc: Str(x)
                StartTimestamp: 2020-02-11 20:26:12.000000321 +0000 UTC
                Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
                Count: 1
                Sum: 15.000000
                QuantileValue #0: Quantile 0.010000, Value 15.000000
                QuantileValue #1: Quantile 0.500000, Value 1.000000
                SummaryDataPoints #1
                StartTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                Count: 0
                Sum: 0.000000
                """),
            Format(metric));
    }

    [Fact]
    public void Metric_without_data_prints_an_empty_descriptor()
    {
        Assert.Equal(
            Lines(Header + "\n" + """
                Metric #0
                Descriptor:
                     -> Name: nothing
                     -> Description:·
                     -> Unit:·
                     -> DataType: Empty
                """),
            Format(new Metric { Name = "nothing" }));
    }
}
