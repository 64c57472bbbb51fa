using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Otlp.Trace;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;
using SpanStatus = MiniCollector.Otlp.Trace.Status;

namespace MiniCollector.Pipeline.Tests.Otlp.Json;

/// <summary>Messages with every field set, including the awkward values: extremes, NaN, empty-but-present.</summary>
internal static class OtlpSamples
{
    public static ByteString TraceId { get; } = ByteString.CopyFrom(Convert.FromHexString("5b8efff798038103d269b633813fc60c"));

    public static ByteString SpanId { get; } = ByteString.CopyFrom(Convert.FromHexString("eee19b7ec3c1b174"));

    public static ExportTraceServiceRequest Traces() => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                Resource = Resource(),
                SchemaUrl = "https://opentelemetry.io/schemas/1.26.0",
                ScopeSpans =
                {
                    new ScopeSpans
                    {
                        Scope = Scope(),
                        SchemaUrl = "https://opentelemetry.io/schemas/1.25.0",
                        Spans =
                        {
                            new Span
                            {
                                TraceId = TraceId,
                                SpanId = SpanId,
                                ParentSpanId = ByteString.CopyFrom(Convert.FromHexString("00f067aa0ba902b7")),
                                TraceState = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
                                Flags = 0x301,
                                Name = "GET /api/users/{id}",
                                Kind = Span.Types.SpanKind.Consumer,
                                StartTimeUnixNano = 1_700_000_000_123_456_789,
                                EndTimeUnixNano = ulong.MaxValue,
                                Attributes = { Attributes() },
                                DroppedAttributesCount = 1,
                                Events =
                                {
                                    new Span.Types.Event
                                    {
                                        TimeUnixNano = 1_700_000_000_200_000_000,
                                        Name = "exception",
                                        Attributes = { Attribute("exception.type", new AnyValue { StringValue = "IOException" }) },
                                        DroppedAttributesCount = 2,
                                    },
                                    new Span.Types.Event(),
                                },
                                DroppedEventsCount = 3,
                                Links =
                                {
                                    new Span.Types.Link
                                    {
                                        TraceId = TraceId,
                                        SpanId = SpanId,
                                        TraceState = "a=b",
                                        Attributes = { Attribute("link.kind", new AnyValue { StringValue = "follows" }) },
                                        DroppedAttributesCount = 4,
                                        Flags = 1,
                                    },
                                },
                                DroppedLinksCount = 5,
                                Status = new SpanStatus { Code = SpanStatus.Types.StatusCode.Error, Message = "boom" },
                            },
                            new Span { Name = "minimal", Status = new SpanStatus() },
                        },
                    },
                    new ScopeSpans(),
                },
            },
            new ResourceSpans(),
        },
    };

    public static ExportMetricsServiceRequest Metrics() => new()
    {
        ResourceMetrics =
        {
            new ResourceMetrics
            {
                Resource = Resource(),
                SchemaUrl = "https://opentelemetry.io/schemas/1.26.0",
                ScopeMetrics =
                {
                    new ScopeMetrics
                    {
                        Scope = Scope(),
                        SchemaUrl = "scope-schema",
                        Metrics =
                        {
                            new Metric
                            {
                                Name = "queue.depth",
                                Description = "Items waiting",
                                Unit = "{item}",
                                Metadata = { Attribute("meta", new AnyValue { BoolValue = true }) },
                                Gauge = new Gauge
                                {
                                    DataPoints =
                                    {
                                        NumberPoint(p => p.AsDouble = -12.75),
                                        NumberPoint(p => p.AsDouble = double.NaN),
                                        NumberPoint(p => p.AsDouble = 0),
                                        NumberPoint(p => p.AsInt = 0),
                                        NumberPoint(_ => { }),
                                    },
                                },
                            },
                            new Metric
                            {
                                Name = "requests",
                                Sum = new Sum
                                {
                                    AggregationTemporality = AggregationTemporality.Cumulative,
                                    IsMonotonic = true,
                                    DataPoints = { NumberPoint(p => p.AsInt = long.MinValue), NumberPoint(p => p.AsInt = long.MaxValue) },
                                },
                            },
                            new Metric
                            {
                                Name = "latency",
                                Unit = "ms",
                                Histogram = new Histogram
                                {
                                    AggregationTemporality = AggregationTemporality.Delta,
                                    DataPoints =
                                    {
                                        new HistogramDataPoint
                                        {
                                            Attributes = { Attribute("route", new AnyValue { StringValue = "/" }) },
                                            StartTimeUnixNano = 1,
                                            TimeUnixNano = 2,
                                            Count = 7,
                                            Sum = 0,
                                            BucketCounts = { 0, 3, ulong.MaxValue, 4 },
                                            ExplicitBounds = { double.NegativeInfinity, 0.5, 1e-300, double.PositiveInfinity },
                                            Exemplars = { Exemplar(e => e.AsDouble = 0.25) },
                                            Flags = 1,
                                            Min = double.NegativeInfinity,
                                            Max = 1.7976931348623157e308,
                                        },
                                        new HistogramDataPoint { Count = 0 },
                                    },
                                },
                            },
                            new Metric
                            {
                                Name = "sizes",
                                ExponentialHistogram = new ExponentialHistogram
                                {
                                    AggregationTemporality = AggregationTemporality.Cumulative,
                                    DataPoints =
                                    {
                                        new ExponentialHistogramDataPoint
                                        {
                                            Attributes = { Attribute("a", new AnyValue { IntValue = 1 }) },
                                            StartTimeUnixNano = 10,
                                            TimeUnixNano = 20,
                                            Count = 30,
                                            Sum = 123.456,
                                            Scale = -4,
                                            ZeroCount = 2,
                                            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -2, BucketCounts = { 1, 0, 5 } },
                                            Negative = new ExponentialHistogramDataPoint.Types.Buckets(),
                                            Flags = 1,
                                            Exemplars = { Exemplar(e => e.AsInt = -7) },
                                            Min = 0,
                                            Max = 99.5,
                                            ZeroThreshold = 1e-9,
                                        },
                                    },
                                },
                            },
                            new Metric
                            {
                                Name = "rpc.duration",
                                Summary = new Summary
                                {
                                    DataPoints =
                                    {
                                        new SummaryDataPoint
                                        {
                                            Attributes = { Attribute("method", new AnyValue { StringValue = "Get" }) },
                                            StartTimeUnixNano = 3,
                                            TimeUnixNano = 4,
                                            Count = 100,
                                            Sum = 2_000.5,
                                            QuantileValues =
                                            {
                                                new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0, Value = 1 },
                                                new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 95.25 },
                                            },
                                            Flags = 1,
                                        },
                                    },
                                },
                            },
                            new Metric { Name = "no.data" },
                            new Metric { Name = "empty.gauge", Gauge = new Gauge() },
                        },
                    },
                },
            },
        },
    };

    public static ExportLogsServiceRequest Logs() => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = Resource(),
                SchemaUrl = "https://opentelemetry.io/schemas/1.26.0",
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        Scope = Scope(),
                        SchemaUrl = "scope-schema",
                        LogRecords =
                        {
                            new LogRecord
                            {
                                TimeUnixNano = 1_700_000_000_000_000_001,
                                ObservedTimeUnixNano = 1_700_000_000_000_000_002,
                                SeverityNumber = SeverityNumber.Fatal4,
                                SeverityText = "FATAL",
                                Body = new AnyValue { KvlistValue = new KeyValueList { Values = { Attributes() } } },
                                Attributes = { Attributes() },
                                DroppedAttributesCount = 9,
                                Flags = 0xFF,
                                TraceId = TraceId,
                                SpanId = SpanId,
                                EventName = "app.crash",
                            },
                            new LogRecord { Body = new AnyValue() },
                            new LogRecord { Body = new AnyValue { StringValue = "line \"quoted\" \\ \n\t\u0001 ünïcødé 🚀 </script>" } },
                        },
                    },
                },
            },
        },
    };

    public static RpcStatus StatusWithDetails() => new()
    {
        Code = 14,
        Message = "server is overloaded",
        Details =
        {
            Any.Pack(new RetryInfo { RetryDelay = new Duration { Seconds = 1, Nanos = 500_000_000 } }),
            Any.Pack(new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = "traceId", Description = "wrong length" } },
            }),
        },
    };

    private static Resource Resource() => new()
    {
        Attributes = { Attributes() },
        DroppedAttributesCount = 7,
        EntityRefs =
        {
            new EntityRef
            {
                SchemaUrl = "https://opentelemetry.io/schemas/1.26.0",
                Type = "service",
                IdKeys = { "service.name", "service.namespace" },
                DescriptionKeys = { "service.version" },
            },
        },
    };

    private static InstrumentationScope Scope() => new()
    {
        Name = "io.opentelemetry.contrib",
        Version = "1.2.3",
        Attributes = { Attribute("scope.attr", new AnyValue { StringValue = "x" }) },
        DroppedAttributesCount = 8,
    };

    /// <summary>Every AnyValue shape, including members set to their default value and the empty value.</summary>
    private static IEnumerable<KeyValue> Attributes() =>
    [
        Attribute("string", new AnyValue { StringValue = "value" }),
        Attribute("empty.string", new AnyValue { StringValue = string.Empty }),
        Attribute("bool.true", new AnyValue { BoolValue = true }),
        Attribute("bool.false", new AnyValue { BoolValue = false }),
        Attribute("int.zero", new AnyValue { IntValue = 0 }),
        Attribute("int.min", new AnyValue { IntValue = long.MinValue }),
        Attribute("int.max", new AnyValue { IntValue = long.MaxValue }),
        Attribute("double", new AnyValue { DoubleValue = 3.141592653589793 }),
        Attribute("double.zero", new AnyValue { DoubleValue = 0 }),
        Attribute("double.tiny", new AnyValue { DoubleValue = double.Epsilon }),
        Attribute("double.nan", new AnyValue { DoubleValue = double.NaN }),
        Attribute("double.inf", new AnyValue { DoubleValue = double.PositiveInfinity }),
        Attribute("double.-inf", new AnyValue { DoubleValue = double.NegativeInfinity }),
        Attribute("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(0, 1, 254, 255) }),
        Attribute("bytes.empty", new AnyValue { BytesValue = ByteString.Empty }),
        Attribute("strindex", new AnyValue { StringValueStrindex = 5 }),
        Attribute("empty", new AnyValue()),
        new KeyValue { Key = "no.value" },
        new KeyValue { Key = string.Empty, Value = new AnyValue { StringValue = "empty key" }, KeyStrindex = 3 },
        Attribute("array", new AnyValue
        {
            ArrayValue = new ArrayValue
            {
                Values =
                {
                    new AnyValue { StringValue = "a" },
                    new AnyValue { IntValue = 2 },
                    new AnyValue(),
                    new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { BoolValue = true } } } },
                    new AnyValue { ArrayValue = new ArrayValue() },
                },
            },
        }),
        Attribute("kvlist", new AnyValue
        {
            KvlistValue = new KeyValueList
            {
                Values =
                {
                    Attribute("inner", new AnyValue { DoubleValue = -1.5 }),
                    Attribute("nested", new AnyValue { KvlistValue = new KeyValueList() }),
                },
            },
        }),
    ];

    private static KeyValue Attribute(string key, AnyValue value) => new() { Key = key, Value = value };

    private static NumberDataPoint NumberPoint(Action<NumberDataPoint> setValue)
    {
        var point = new NumberDataPoint
        {
            Attributes = { Attribute("host", new AnyValue { StringValue = "h1" }) },
            StartTimeUnixNano = 1_700_000_000_000_000_000,
            TimeUnixNano = 1_700_000_001_000_000_000,
            Exemplars = { Exemplar(e => e.AsInt = 42) },
            Flags = 1,
        };
        setValue(point);
        return point;
    }

    private static Exemplar Exemplar(Action<Exemplar> setValue)
    {
        var exemplar = new Exemplar
        {
            FilteredAttributes = { Attribute("user", new AnyValue { StringValue = "u1" }) },
            TimeUnixNano = 1_700_000_000_500_000_000,
            SpanId = SpanId,
            TraceId = TraceId,
        };
        setValue(exemplar);
        return exemplar;
    }
}
