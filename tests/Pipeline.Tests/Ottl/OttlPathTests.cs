using Google.Protobuf;
using MiniCollector.Ottl;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using static MiniCollector.Pipeline.Tests.Ottl.OttlKit;

namespace MiniCollector.Pipeline.Tests.Ottl;

/// <summary>Every path of every context, read and written.</summary>
public sealed class OttlPathTests
{
    [Theory]
    [InlineData("trace_id == TraceID(0x0102030405060708090a0b0c0d0e0f10)")]
    [InlineData("trace_id.string == \"0102030405060708090a0b0c0d0e0f10\"")]
    [InlineData("span_id == SpanID(0x0102030405060708)")]
    [InlineData("span_id.string == \"0102030405060708\"")]
    [InlineData("parent_span_id == SpanID(0x0000000000000000)")]
    [InlineData("parent_span_id.string == \"\"")]
    [InlineData("trace_state == \"k=v\"")]
    [InlineData("status.code == STATUS_CODE_ERROR")]
    [InlineData("status.message == \"boom\"")]
    [InlineData("name == \"GET /users\"")]
    [InlineData("kind == SPAN_KIND_SERVER and kind == 2")]
    [InlineData("start_time_unix_nano == 1000")]
    [InlineData("end_time_unix_nano == 3500")]
    [InlineData("dropped_attributes_count == 1")]
    [InlineData("dropped_events_count == 2")]
    [InlineData("dropped_links_count == 3")]
    [InlineData("attributes[\"http.method\"] == \"GET\"")]
    [InlineData("Len(attributes) == 4")]
    [InlineData("span.name == \"GET /users\" and span.attributes[\"http.status_code\"] == 503")]
    [InlineData("resource.attributes[\"service.name\"] == \"checkout\"")]
    [InlineData("resource.dropped_attributes_count == 4")]
    [InlineData("instrumentation_scope.name == \"lib\" and scope.name == \"lib\"")]
    [InlineData("instrumentation_scope.version == \"1.2\"")]
    [InlineData("instrumentation_scope.attributes[\"scope.attr\"] == \"s\"")]
    [InlineData("scope.dropped_attributes_count == 5")]
    [InlineData("IsMap(cache) and Len(cache) == 0")]
    public void Span_paths_read_the_span_and_the_levels_above(string condition)
        => Assert.True(OnSpan(condition), condition);

    [Fact]
    public void Span_paths_write_the_span()
    {
        var span = SampleSpan();
        Assert.True(RunOnSpan(
            span,
            "set(trace_id.string, \"ffffffffffffffffffffffffffffffff\")",
            "set(span_id, SpanID(0x0a0b0c0d0e0f0102))",
            "set(parent_span_id.string, \"1111111111111111\")",
            "set(trace_state, \"a=b\")",
            "set(status.code, STATUS_CODE_OK)",
            "set(status.message, \"fine\")",
            "set(name, \"renamed\")",
            "set(kind, SPAN_KIND_CLIENT)",
            "set(start_time_unix_nano, 5)",
            "set(end_time_unix_nano, 6)",
            "set(dropped_attributes_count, 7)",
            "set(dropped_events_count, 8)",
            "set(dropped_links_count, 9)",
            "set(attributes[\"new\"], \"v\")",
            "set(span.attributes[\"nested\"][\"a\"], 1)"));
        Assert.Equal("ffffffffffffffffffffffffffffffff", Convert.ToHexStringLower(span.TraceId.Span));
        Assert.Equal("0a0b0c0d0e0f0102", Convert.ToHexStringLower(span.SpanId.Span));
        Assert.Equal("1111111111111111", Convert.ToHexStringLower(span.ParentSpanId.Span));
        Assert.Equal("a=b", span.TraceState);
        Assert.Equal(Status.Types.StatusCode.Ok, span.Status.Code);
        Assert.Equal("fine", span.Status.Message);
        Assert.Equal("renamed", span.Name);
        Assert.Equal(Span.Types.SpanKind.Client, span.Kind);
        Assert.Equal((5UL, 6UL), (span.StartTimeUnixNano, span.EndTimeUnixNano));
        Assert.Equal((7U, 8U, 9U), (span.DroppedAttributesCount, span.DroppedEventsCount, span.DroppedLinksCount));
        Assert.Equal("v", Attr(span.Attributes, "new")!.StringValue);
        Assert.Equal(1, Attr(Attr(span.Attributes, "nested")!.KvlistValue.Values, "a")!.IntValue);
    }

    [Fact]
    public void Setting_what_is_already_there_reports_no_change()
    {
        var span = SampleSpan();
        Assert.False(RunOnSpan(span, "set(name, \"GET /users\")", "set(kind, 2)", "set(attributes[\"http.method\"], \"GET\")", "set(attributes[\"x\"], nil)", "delete_key(attributes, \"absent\")"));
        Assert.Equal(SampleSpan(), span);
    }

    [Theory]
    [InlineData("set(name, 1)", "span.name must be set to a string, got int")]
    [InlineData("set(kind, 9)", "span.kind: must be a SPAN_KIND_* value (0-5), got 9")]
    [InlineData("set(trace_id, SpanID(0x0102030405060708))", "span.trace_id must be 16 bytes, got 8")]
    [InlineData("set(trace_id.string, \"zz\")", "span.trace_id.string must be 32 hex digits, got \"zz\"")]
    [InlineData("set(dropped_attributes_count, -1)", "span.dropped_attributes_count: must be between 0 and 4294967295, got -1")]
    [InlineData("set(attributes, \"x\")", "span.attributes must be set to a map, got string")]
    [InlineData("set(attributes[\"http.method\"][\"a\"], 1)", "cannot index string with [\"a\"]")]
    public void Writing_a_value_of_the_wrong_type_is_a_runtime_error(string statement, string message)
    {
        var ex = Assert.Throws<OttlRuntimeException>(() => RunOnSpan(SampleSpan(), statement));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Span_event_paths()
    {
        var span = SampleSpan();
        var spanEvent = span.Events[0];
        var item = new SpanEventContext(Resource(), Scope(), span, spanEvent);
        Assert.True(Conditions(OttlContextKind.SpanEvent, "name == \"exception\" and time_unix_nano == 2000 and attributes[\"exception.type\"] == \"IOException\" and dropped_attributes_count == 0 and span.name == \"GET /users\" and spanevent.name == \"exception\" and resource.attributes[\"host.name\"] == \"h1\"").Matches(item));
        Assert.True(Statements(OttlContextKind.SpanEvent, "set(name, \"e2\")", "set(time_unix_nano, 3)", "set(attributes[\"k\"], true)", "set(dropped_attributes_count, 4)", "set(span.name, \"from event\")").Execute(item));
        Assert.Equal(("e2", 3UL, 4U), (spanEvent.Name, spanEvent.TimeUnixNano, spanEvent.DroppedAttributesCount));
        Assert.True(Attr(spanEvent.Attributes, "k")!.BoolValue);
        Assert.Equal("from event", span.Name);
    }

    [Fact]
    public void Metric_paths()
    {
        var metric = SumMetric();
        var item = new MetricContext(Resource(), Scope(), metric);
        Assert.True(Conditions(OttlContextKind.Metric, "name == \"requests\" and description == \"d\" and unit == \"1\" and type == METRIC_DATA_TYPE_SUM and aggregation_temporality == AGGREGATION_TEMPORALITY_CUMULATIVE and is_monotonic == true and metric.name == \"requests\"").Matches(item));
        Assert.True(Statements(OttlContextKind.Metric, "set(name, \"n\")", "set(description, \"desc\")", "set(unit, \"ms\")", "set(aggregation_temporality, AGGREGATION_TEMPORALITY_DELTA)", "set(is_monotonic, false)").Execute(item));
        Assert.Equal(("n", "desc", "ms"), (metric.Name, metric.Description, metric.Unit));
        Assert.Equal(AggregationTemporality.Delta, metric.Sum.AggregationTemporality);
        Assert.False(metric.Sum.IsMonotonic);

        var gauge = new Metric { Name = "g", Gauge = new Gauge() };
        Assert.True(Conditions(OttlContextKind.Metric, "type == METRIC_DATA_TYPE_GAUGE and aggregation_temporality == 0 and is_monotonic == false").Matches(new MetricContext(null, null, gauge)));
        Assert.False(Statements(OttlContextKind.Metric, "set(aggregation_temporality, 1)", "set(is_monotonic, true)").Execute(new MetricContext(null, null, gauge)));
        foreach (var (m, type) in new[] { (new Metric { Histogram = new Histogram() }, 3), (new Metric { ExponentialHistogram = new ExponentialHistogram() }, 4), (new Metric { Summary = new Summary() }, 5), (new Metric(), 0) })
        {
            Assert.True(Conditions(OttlContextKind.Metric, $"type == {type}").Matches(new MetricContext(null, null, m)));
        }
    }

    [Fact]
    public void Data_point_paths_of_number_points()
    {
        var point = IntPoint(7, Kv("route", "/a"));
        var metric = SumMetric("requests", point);
        var item = new DataPointContext(Resource(), Scope(), metric, point);
        Assert.True(Conditions(OttlContextKind.DataPoint, "attributes[\"route\"] == \"/a\" and value_int == 7 and value_double == 0.0 and start_time_unix_nano == 1 and time_unix_nano == 2 and flags == FLAG_NONE and count == nil and sum == nil and metric.name == \"requests\" and metric.type == METRIC_DATA_TYPE_SUM and datapoint.value_int == 7").Matches(item));
        Assert.True(Statements(OttlContextKind.DataPoint, "set(value_double, 1.5)", "set(start_time_unix_nano, 10)", "set(time_unix_nano, 20)", "set(flags, FLAG_NO_RECORDED_VALUE)", "set(attributes[\"k\"], \"v\")", "set(metric.name, \"renamed\")").Execute(item));
        Assert.Equal(1.5, point.AsDouble);
        Assert.Equal((10UL, 20UL, 1U), (point.StartTimeUnixNano, point.TimeUnixNano, point.Flags));
        Assert.Equal("v", Attr(point.Attributes, "k")!.StringValue);
        Assert.Equal("renamed", metric.Name);
        Assert.True(Statements(OttlContextKind.DataPoint, "set(value_int, 3)").Execute(item));
        Assert.Equal(3, point.AsInt);
    }

    [Fact]
    public void Data_point_paths_of_histogram_and_exponential_points()
    {
        var histogram = new HistogramDataPoint { Count = 4, Sum = 10.5, TimeUnixNano = 2 };
        var metric = new Metric { Name = "latency", Histogram = new Histogram { DataPoints = { histogram } } };
        var item = new DataPointContext(null, null, metric, histogram);
        Assert.True(Conditions(OttlContextKind.DataPoint, "count == 4 and sum == 10.5 and value_int == nil and scale == nil").Matches(item));
        Assert.True(Statements(OttlContextKind.DataPoint, "set(count, 5)", "set(sum, 1.0)").Execute(item));
        Assert.Equal((5UL, 1.0), (histogram.Count, histogram.Sum));

        var exponential = new ExponentialHistogramDataPoint { Scale = 2, ZeroCount = 3, Count = 9 };
        var expItem = new DataPointContext(null, null, new Metric { ExponentialHistogram = new ExponentialHistogram { DataPoints = { exponential } } }, exponential);
        Assert.True(Conditions(OttlContextKind.DataPoint, "scale == 2 and zero_count == 3 and count == 9").Matches(expItem));
        Assert.True(Statements(OttlContextKind.DataPoint, "set(scale, 1)", "set(zero_count, 0)").Execute(expItem));
        Assert.Equal((1, 0UL), (exponential.Scale, exponential.ZeroCount));

        var summary = new SummaryDataPoint { Count = 2, Sum = 3 };
        Assert.True(Conditions(OttlContextKind.DataPoint, "count == 2 and sum == 3.0").Matches(new DataPointContext(null, null, new Metric { Summary = new Summary { DataPoints = { summary } } }, summary)));
    }

    [Fact]
    public void Log_paths()
    {
        var log = SampleLog();
        var item = new LogContext(Resource(), Scope(), log);
        Assert.True(Conditions(OttlContextKind.Log, "IsMatch(body, \"password\") and severity_number == SEVERITY_NUMBER_WARN and severity_number < SEVERITY_NUMBER_ERROR and severity_text == \"WARN\" and time_unix_nano == 10 and observed_time_unix_nano == 11").Matches(item));
        Assert.True(Conditions(OttlContextKind.Log, "trace_id.string == \"0102030405060708090a0b0c0d0e0f10\" and span_id == SpanID(0x0102030405060708) and flags == 1 and dropped_attributes_count == 6 and event_name == \"login\" and attributes[\"user\"] == \"bob\" and log.body != nil and resource.attributes[\"service.name\"] == \"checkout\"").Matches(item));
        Assert.True(Statements(
            OttlContextKind.Log,
            "set(severity_number, SEVERITY_NUMBER_ERROR2)",
            "set(severity_text, \"ERROR\")",
            "set(time_unix_nano, 1)",
            "set(observed_time_unix_nano, 2)",
            "set(trace_id, TraceID(0xffffffffffffffffffffffffffffffff))",
            "set(span_id.string, \"0000000000000001\")",
            "set(flags, 0)",
            "set(dropped_attributes_count, 0)",
            "set(event_name, \"e\")",
            "set(body, {\"msg\": \"hi\"})",
            "set(body[\"level\"], 3)").Execute(item));
        Assert.Equal((SeverityNumber.Error2, "ERROR", 1UL, 2UL, 0U, 0U, "e"), (log.SeverityNumber, log.SeverityText, log.TimeUnixNano, log.ObservedTimeUnixNano, log.Flags, log.DroppedAttributesCount, log.EventName));
        Assert.Equal(ByteString.CopyFrom(Enumerable.Repeat((byte)0xff, 16).ToArray()), log.TraceId);
        Assert.Equal("0000000000000001", Convert.ToHexStringLower(log.SpanId.Span));
        Assert.Equal("hi", Attr(log.Body.KvlistValue.Values, "msg")!.StringValue);
        Assert.Equal(3, Attr(log.Body.KvlistValue.Values, "level")!.IntValue);
        Assert.True(Conditions(OttlContextKind.Log, "body[\"msg\"] == \"hi\" and IsMap(body)").Matches(item));
    }

    [Fact]
    public void Resource_and_scope_contexts()
    {
        var resource = Resource();
        Assert.True(Conditions(OttlContextKind.Resource, "attributes[\"service.name\"] == \"checkout\" and dropped_attributes_count == 4 and resource.attributes[\"host.name\"] == \"h1\"").Matches(new ResourceContext(resource)));
        Assert.True(Statements(OttlContextKind.Resource, "set(attributes[\"env\"], \"prod\")", "set(dropped_attributes_count, 0)").Execute(new ResourceContext(resource)));
        Assert.Equal("prod", Attr(resource.Attributes, "env")!.StringValue);
        Assert.Equal(0U, resource.DroppedAttributesCount);
        Assert.StartsWith("column 1: unknown path \"name\" in the resource context (supported: attributes, dropped_attributes_count, cache)", ConditionError("name == \"x\"", OttlContextKind.Resource));

        var scope = Scope();
        Assert.True(Conditions(OttlContextKind.Scope, "name == \"lib\" and version == \"1.2\" and attributes[\"scope.attr\"] == \"s\" and dropped_attributes_count == 5 and resource.attributes[\"host.name\"] == \"h1\"").Matches(new ScopeContext(Resource(), scope)));
        Assert.True(Statements(OttlContextKind.Scope, "set(name, \"lib2\")", "set(version, \"2\")", "set(attributes[\"x\"], 1)", "set(dropped_attributes_count, 0)").Execute(new ScopeContext(null, scope)));
        Assert.Equal(("lib2", "2", 0U), (scope.Name, scope.Version, scope.DroppedAttributesCount));
    }

    [Fact]
    public void A_missing_resource_reads_as_empty_and_refuses_writes()
    {
        var span = SampleSpan();
        Assert.True(Conditions(OttlContextKind.Span, "resource.attributes[\"a\"] == nil and instrumentation_scope.name == \"\"").Matches(new SpanContext(null, null, span)));
        var ex = Assert.Throws<OttlRuntimeException>(() => Statements(OttlContextKind.Span, "set(resource.attributes, {})").Execute(new SpanContext(null, null, span)));
        Assert.Contains("no resource or scope", ex.Message);
    }

    [Fact]
    public void The_cache_is_shared_by_the_statements_of_one_item()
    {
        var span = SampleSpan();
        Assert.True(RunOnSpan(span, "set(cache[\"n\"], name)", "set(attributes[\"copied\"], cache[\"n\"])", "set(cache, {\"x\": 1})", "set(attributes[\"x\"], cache[\"x\"])"));
        Assert.Equal("GET /users", Attr(span.Attributes, "copied")!.StringValue);
        Assert.Equal(1, Attr(span.Attributes, "x")!.IntValue);
    }

    [Fact]
    public void Lists_are_indexed_by_int_keys()
    {
        var span = SampleSpan();
        span.Attributes.Add(new KeyValue { Key = "tags", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { StringValue = "b" } } } } });
        Assert.True(OnSpan("attributes[\"tags\"][1] == \"b\"", span));
        Assert.True(RunOnSpan(span, "set(attributes[\"tags\"][0], \"z\")"));
        Assert.Equal("z", Attr(span.Attributes, "tags")!.ArrayValue.Values[0].StringValue);
        var ex = Assert.Throws<OttlRuntimeException>(() => OnSpan("attributes[\"tags\"][5] == \"b\"", span));
        Assert.Contains("index 5 out of range", ex.Message);
    }
}
