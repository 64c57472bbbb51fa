using Google.Protobuf;
using MiniCollector.Ottl;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Pipeline.Tests.Ottl;

/// <summary>Compiles OTTL texts and runs them on small OTLP items.</summary>
internal static class OttlKit
{
    public static readonly byte[] TraceIdBytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    public static readonly byte[] SpanIdBytes = [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>The first error compiling a condition, as configs show it ("column N: ...").</summary>
    public static string ConditionError(string text, OttlContextKind context = OttlContextKind.Span)
    {
        var errors = new List<OttlError>();
        Assert.Null(OttlParser.ParseConditions([text], context, errors));
        return Assert.Single(errors).ToString();
    }

    /// <summary>The first error compiling a statement.</summary>
    public static string StatementError(string text, OttlContextKind context = OttlContextKind.Span)
    {
        var errors = new List<OttlError>();
        Assert.Null(OttlParser.ParseStatements([text], context, errors));
        return Assert.Single(errors).ToString();
    }

    public static OttlConditions Conditions(OttlContextKind context, params string[] texts)
    {
        var errors = new List<OttlError>();
        var compiled = OttlParser.ParseConditions(texts, context, errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return compiled!;
    }

    public static OttlStatements Statements(OttlContextKind context, params string[] texts) => Statements(context, OttlErrorMode.Propagate, texts);

    public static OttlStatements Statements(OttlContextKind context, OttlErrorMode mode, params string[] texts)
    {
        var errors = new List<OttlError>();
        var compiled = OttlParser.ParseStatements(texts, context, errors, mode);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return compiled!;
    }

    /// <summary>Whether the span condition matches the sample span.</summary>
    public static bool OnSpan(string condition, Span? span = null) => Conditions(OttlContextKind.Span, condition).Matches(new SpanContext(Resource(), Scope(), span ?? SampleSpan()));

    /// <summary>The value an expression gives on the sample span (set into an attribute and read back); nil when it is nil.</summary>
    public static AnyValue? Value(string expression, Span? span = null)
    {
        span ??= SampleSpan();
        Statements(OttlContextKind.Span, $"set(attributes[\"__result\"], {expression})").Execute(new SpanContext(Resource(), Scope(), span));
        return span.Attributes.FirstOrDefault(kv => kv.Key == "__result")?.Value;
    }

    /// <summary>Runs span statements on the span; whether they reported a change.</summary>
    public static bool RunOnSpan(Span span, params string[] statements) => Statements(OttlContextKind.Span, statements).Execute(new SpanContext(Resource(), Scope(), span));

    public static Span SampleSpan() => new()
    {
        Name = "GET /users",
        Kind = Span.Types.SpanKind.Server,
        TraceId = ByteString.CopyFrom(TraceIdBytes),
        SpanId = ByteString.CopyFrom(SpanIdBytes),
        TraceState = "k=v",
        StartTimeUnixNano = 1_000,
        EndTimeUnixNano = 3_500,
        DroppedAttributesCount = 1,
        DroppedEventsCount = 2,
        DroppedLinksCount = 3,
        Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        Attributes = { Kv("http.method", "GET"), Kv("http.status_code", 503L), Kv("ratio", 0.5), Kv("ok", false) },
        Events = { new Span.Types.Event { Name = "exception", TimeUnixNano = 2_000, Attributes = { Kv("exception.type", "IOException") } } },
    };

    public static OtlpResource Resource() => new() { Attributes = { Kv("service.name", "checkout"), Kv("host.name", "h1") }, DroppedAttributesCount = 4 };

    public static InstrumentationScope Scope() => new() { Name = "lib", Version = "1.2", Attributes = { Kv("scope.attr", "s") }, DroppedAttributesCount = 5 };

    public static LogRecord SampleLog() => new()
    {
        Body = new AnyValue { StringValue = "user password=hunter2 logged in" },
        SeverityNumber = SeverityNumber.Warn,
        SeverityText = "WARN",
        TimeUnixNano = 10,
        ObservedTimeUnixNano = 11,
        TraceId = ByteString.CopyFrom(TraceIdBytes),
        SpanId = ByteString.CopyFrom(SpanIdBytes),
        Flags = 1,
        DroppedAttributesCount = 6,
        EventName = "login",
        Attributes = { Kv("user", "bob") },
    };

    public static Metric SumMetric(string name = "requests", params NumberDataPoint[] points)
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
        sum.DataPoints.Add(points.Length > 0 ? points : [IntPoint(7, Kv("route", "/a"))]);
        return new Metric { Name = name, Description = "d", Unit = "1", Sum = sum };
    }

    public static NumberDataPoint IntPoint(long value, params KeyValue[] attributes)
    {
        var point = new NumberDataPoint { AsInt = value, StartTimeUnixNano = 1, TimeUnixNano = 2, Flags = 0 };
        point.Attributes.Add(attributes);
        return point;
    }

    public static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Kv(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Kv(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue Kv(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    public static AnyValue? Attr(Google.Protobuf.Collections.RepeatedField<KeyValue> attributes, string key) => attributes.FirstOrDefault(kv => kv.Key == key)?.Value;
}
