using System.Text;
using MiniCollector.Exporters.Debug;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using static MiniCollector.Exporters.Tests.Debug.DebugTestData;
using Resource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Exporters.Tests.Debug;

public class NormalFormatterTests
{
    private static Resource ServiceResource() => new()
    {
        Attributes = { Kv("service.name", "checkout"), Kv("count", Int(3)) },
    };

    [Fact]
    public void Traces_print_one_line_per_resource_scope_and_span()
    {
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    SchemaUrl = "https://opentelemetry.io/schemas/1.4.0",
                    Resource = ServiceResource(),
                    ScopeSpans =
                    {
                        new ScopeSpans
                        {
                            Scope = new InstrumentationScope { Name = "my.library", Version = "1.0.0", Attributes = { Kv("k", "v") } },
                            SchemaUrl = "https://example.com/s",
                            Spans =
                            {
                                new Span
                                {
                                    Name = "GET /cart",
                                    TraceId = TraceId,
                                    SpanId = SpanId,
                                    Attributes = { Kv("http.status", Int(200)), Kv("ok", Bool(true)), Kv("m", Map(Kv("a", Dbl(1.5)))) },
                                },
                            },
                        },
                        new ScopeSpans { Spans = { new Span { Name = "bare", TraceId = TraceId, SpanId = SpanId } } },
                    },
                },
                new ResourceSpans(),
            },
        };

        var sb = new StringBuilder();
        NormalFormatter.Write(sb, request);

        Assert.Equal(
            Lines("""
                ResourceTraces #0 [https://opentelemetry.io/schemas/1.4.0] service.name=checkout count=3
                ScopeTraces #0 my.library@1.0.0 [https://example.com/s] k=v
                GET /cart 5b8efff798038103d269b633813fc60c eee19b7ec3c1b174 http.status=200 ok=true m={"a":1.5}
                ScopeTraces #1
                bare 5b8efff798038103d269b633813fc60c eee19b7ec3c1b174
                ResourceTraces #1
                """),
            sb.ToString());
    }

    [Fact]
    public void Span_without_ids_keeps_the_id_columns()
    {
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { new Span { Name = "no ids" } } } } } },
        };

        var sb = new StringBuilder();
        NormalFormatter.Write(sb, request);

        Assert.Equal("ResourceTraces #0\nScopeTraces #0\nno ids  \n", sb.ToString());
    }

    [Fact]
    public void Scope_line_shows_version_without_name_and_schema_without_both()
    {
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    ScopeSpans =
                    {
                        new ScopeSpans { Scope = new InstrumentationScope { Name = "only-name" } },
                        new ScopeSpans { Scope = new InstrumentationScope { Version = "2.0" } },
                        new ScopeSpans { SchemaUrl = "https://s" },
                    },
                },
            },
        };

        var sb = new StringBuilder();
        NormalFormatter.Write(sb, request);

        Assert.Equal(
            Lines("""
                ResourceTraces #0
                ScopeTraces #0 only-name
                ScopeTraces #1 @2.0
                ScopeTraces #2 [https://s]
                """),
            sb.ToString());
    }

    [Fact]
    public void Metrics_print_one_line_per_data_point()
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "meter", Version = "0.1" } };
        scope.Metrics.Add(new Metric
        {
            Name = "queue.size",
            Gauge = new Gauge
            {
                DataPoints =
                {
                    new NumberDataPoint { AsInt = 42, Attributes = { Kv("queue", "a"), Kv("shard", Int(2)) } },
                    new NumberDataPoint { AsDouble = 3.14 },
                    new NumberDataPoint(),
                },
            },
        });
        scope.Metrics.Add(new Metric
        {
            Name = "requests",
            Sum = new Sum { IsMonotonic = true, DataPoints = { new NumberDataPoint { AsInt = -7 } } },
        });
        scope.Metrics.Add(new Metric
        {
            Name = "latency",
            Histogram = new Histogram
            {
                DataPoints =
                {
                    new HistogramDataPoint
                    {
                        Attributes = { Kv("route", "/") },
                        Count = 3,
                        Sum = 6,
                        Min = 1,
                        Max = 3,
                        ExplicitBounds = { 1, 2.5 },
                        BucketCounts = { 1, 2, 0 },
                    },
                    new HistogramDataPoint { Count = 0 },
                },
            },
        });
        scope.Metrics.Add(new Metric
        {
            Name = "exp",
            ExponentialHistogram = new ExponentialHistogram
            {
                DataPoints =
                {
                    new ExponentialHistogramDataPoint
                    {
                        Count = 5,
                        Sum = 1.5,
                        Scale = 2,
                        ZeroCount = 1,
                        ZeroThreshold = 0.001,
                        Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -1, BucketCounts = { 1, 2 } },
                        Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 0, BucketCounts = { 1 } },
                    },
                    new ExponentialHistogramDataPoint { Count = 0 },
                },
            },
        });
        scope.Metrics.Add(new Metric
        {
            Name = "rpc.duration",
            Summary = new Summary
            {
                DataPoints =
                {
                    new SummaryDataPoint
                    {
                        Attributes = { Kv("svc", "x") },
                        Count = 4,
                        Sum = 10,
                        QuantileValues =
                        {
                            new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 2 },
                            new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 4.25 },
                        },
                    },
                },
            },
        });
        scope.Metrics.Add(new Metric { Name = "no.data" });
        var request = new ExportMetricsServiceRequest
        {
            ResourceMetrics = { new ResourceMetrics { Resource = ServiceResource(), ScopeMetrics = { scope } } },
        };

        var sb = new StringBuilder();
        NormalFormatter.Write(sb, request);

        Assert.Equal(
            Lines("""
                ResourceMetrics #0 service.name=checkout count=3
                ScopeMetrics #0 meter@0.1
                queue.size{queue=a,shard=2} 42
                queue.size{} 3.14
                queue.size{}
                requests{} -7
                latency{route=/} count=3 sum=6 min=1 max=3 le1=1 le2.5=2 le+Inf=0
                latency{} count=0
                exp{} count=5 sum=1.5 scale=2 zero_count=1 zero_threshold=0.001 positive_offset=-1 positive=[1,2] negative_offset=0 negative=[1]
                exp{} count=0 scale=0 zero_count=0
                rpc.duration{svc=x} count=4 sum=10 q0.5=2 q0.99=4.25
                """),
            sb.ToString());
    }

    [Fact]
    public void Logs_print_body_then_attributes()
    {
        var request = new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new ResourceLogs
                {
                    SchemaUrl = "https://opentelemetry.io/schemas/1.21.0",
                    Resource = ServiceResource(),
                    ScopeLogs =
                    {
                        new ScopeLogs
                        {
                            Scope = new InstrumentationScope { Name = "logger" },
                            LogRecords =
                            {
                                new LogRecord { Body = Str("hello world"), Attributes = { Kv("user", "ann"), Kv("n", Int(1)) } },
                                new LogRecord { Body = Map(Kv("event", "login"), Kv("ok", Bool(true))) },
                                new LogRecord { Body = Str("first\nsecond") },
                                new LogRecord { Attributes = { Kv("only", "attrs") } },
                            },
                        },
                    },
                },
            },
        };

        var sb = new StringBuilder();
        NormalFormatter.Write(sb, request);

        Assert.Equal(
            Lines("""
                ResourceLog #0 [https://opentelemetry.io/schemas/1.21.0] service.name=checkout count=3
                ScopeLog #0 logger
                hello world user=ann n=1
                {"event":"login","ok":true}
                first
                second
                 only=attrs
                """),
            sb.ToString());
    }

    [Fact]
    public void Write_appends_to_existing_content()
    {
        var sb = new StringBuilder("prefix\n");
        NormalFormatter.Write(sb, new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs() } });
        Assert.Equal("prefix\nResourceLog #0\n", sb.ToString());
    }
}
