using System.Text;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Otlp.Json;

namespace MiniCollector.Pipeline.Tests.Otlp.Json;

/// <summary>What the reference collector accepts beyond the strict OTLP/JSON rules, and so must we.</summary>
public sealed class OtlpJsonLenientDecodingTests
{
    private static Span SingleSpan(string json) =>
        OtlpJsonReader.ReadTraces(Encoding.UTF8.GetBytes(json)).ResourceSpans[0].ScopeSpans[0].Spans[0];

    private static string InSpan(string spanFields) =>
        $$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{ {{spanFields}} }]}]}]}""";

    private static NumberDataPoint SingleGaugePoint(string pointFields) =>
        OtlpJsonReader.ReadMetrics(Encoding.UTF8.GetBytes(
            $$$"""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{ {{{pointFields}}} }]}}]}]}]}"""))
            .ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Gauge.DataPoints[0];

    [Fact]
    public void Snake_case_keys_are_accepted_everywhere()
    {
        const string Json = """
            {
              "resource_spans": [{
                "schema_url": "https://opentelemetry.io/schemas/1.21.0",
                "resource": { "dropped_attributes_count": 2, "entity_refs": [ { "type": "host", "id_keys": ["host.id"], "description_keys": ["host.name"], "schema_url": "s" } ] },
                "scope_spans": [{
                  "scope": { "name": "lib", "dropped_attributes_count": 1 },
                  "spans": [{
                    "trace_id": "0102030405060708090a0b0c0d0e0f10",
                    "span_id": "0102030405060708",
                    "parent_span_id": "0807060504030201",
                    "trace_state": "k=v",
                    "start_time_unix_nano": 5,
                    "end_time_unix_nano": "6",
                    "dropped_attributes_count": 3,
                    "dropped_events_count": 4,
                    "dropped_links_count": 5,
                    "attributes": [ { "key": "k", "value": { "string_value": "v" } }, { "key": "n", "value": { "int_value": "-3" } },
                                    { "key": "kv", "value": { "kvlist_value": { "values": [ { "key": "x", "value": { "bool_value": true } } ] } } },
                                    { "key": "arr", "value": { "array_value": { "values": [ { "double_value": 1.5 }, { "bytes_value": "AA==" } ] } } } ],
                    "links": [ { "trace_id": "aa", "span_id": "bb", "trace_state": "s", "dropped_attributes_count": 6 } ]
                  }]
                }]
              }]
            }
            """;

        ResourceSpans resourceSpans = OtlpJsonReader.ReadTraces(Encoding.UTF8.GetBytes(Json)).ResourceSpans[0];
        Assert.Equal("https://opentelemetry.io/schemas/1.21.0", resourceSpans.SchemaUrl);
        Assert.Equal(2u, resourceSpans.Resource.DroppedAttributesCount);
        var entity = Assert.Single(resourceSpans.Resource.EntityRefs);
        Assert.Equal("host", entity.Type);
        Assert.Equal(["host.id"], entity.IdKeys);
        Assert.Equal(["host.name"], entity.DescriptionKeys);
        Assert.Equal("s", entity.SchemaUrl);
        Assert.Equal(1u, resourceSpans.ScopeSpans[0].Scope.DroppedAttributesCount);

        Span span = resourceSpans.ScopeSpans[0].Spans[0];
        Assert.Equal(16, span.TraceId.Length);
        Assert.Equal(8, span.SpanId.Length);
        Assert.Equal(8, span.ParentSpanId[0]);
        Assert.Equal("k=v", span.TraceState);
        Assert.Equal(5UL, span.StartTimeUnixNano);
        Assert.Equal(6UL, span.EndTimeUnixNano);
        Assert.Equal(3u, span.DroppedAttributesCount);
        Assert.Equal(4u, span.DroppedEventsCount);
        Assert.Equal(5u, span.DroppedLinksCount);
        Assert.Equal("v", span.Attributes[0].Value.StringValue);
        Assert.Equal(-3, span.Attributes[1].Value.IntValue);
        Assert.True(span.Attributes[2].Value.KvlistValue.Values[0].Value.BoolValue);
        Assert.Equal(1.5, span.Attributes[3].Value.ArrayValue.Values[0].DoubleValue);
        Assert.Equal(new byte[] { 0 }, span.Attributes[3].Value.ArrayValue.Values[1].BytesValue.ToByteArray());
        Assert.Equal(6u, span.Links[0].DroppedAttributesCount);
        Assert.Equal(0xAA, span.Links[0].TraceId[0]);
    }

    [Fact]
    public void Snake_case_metric_and_log_keys_are_accepted()
    {
        var metrics = OtlpJsonReader.ReadMetrics("""
            {"resource_metrics":[{"scope_metrics":[{"metrics":[
              {"exponential_histogram":{"aggregation_temporality":1,"data_points":[{"zero_count":"2","zero_threshold":0.5,"start_time_unix_nano":"1","time_unix_nano":"2","positive":{"bucket_counts":["3"]}}]}},
              {"sum":{"is_monotonic":true,"data_points":[{"as_double":2.5,"exemplars":[{"filtered_attributes":[{"key":"a"}],"as_int":"9","span_id":"0102030405060708","trace_id":"0102030405060708090a0b0c0d0e0f10","time_unix_nano":"4"}]}]}},
              {"histogram":{"data_points":[{"bucket_counts":[1],"explicit_bounds":[0.5]}]}},
              {"summary":{"data_points":[{"quantile_values":[{"quantile":0.5,"value":1}]}]}}
            ]}]}]}
            """u8);
        var list = metrics.ResourceMetrics[0].ScopeMetrics[0].Metrics;
        var exponential = list[0].ExponentialHistogram;
        Assert.Equal(AggregationTemporality.Delta, exponential.AggregationTemporality);
        Assert.Equal(2UL, exponential.DataPoints[0].ZeroCount);
        Assert.Equal(0.5, exponential.DataPoints[0].ZeroThreshold);
        Assert.Equal([3UL], exponential.DataPoints[0].Positive.BucketCounts);
        Assert.True(list[1].Sum.IsMonotonic);
        Exemplar exemplar = list[1].Sum.DataPoints[0].Exemplars[0];
        Assert.Equal(9, exemplar.AsInt);
        Assert.Equal("a", exemplar.FilteredAttributes[0].Key);
        Assert.Equal(8, exemplar.SpanId.Length);
        Assert.Equal(16, exemplar.TraceId.Length);
        Assert.Equal(4UL, exemplar.TimeUnixNano);
        Assert.Equal([1UL], list[2].Histogram.DataPoints[0].BucketCounts);
        Assert.Equal([0.5], list[2].Histogram.DataPoints[0].ExplicitBounds);
        Assert.Equal(0.5, list[3].Summary.DataPoints[0].QuantileValues[0].Quantile);

        var logs = OtlpJsonReader.ReadLogs("""
            {"resource_logs":[{"scope_logs":[{"log_records":[{"severity_number":"SEVERITY_NUMBER_WARN","severity_text":"W","observed_time_unix_nano":"7","event_name":"e","trace_id":"ab","span_id":"cd"}]}]}]}
            """u8);
        LogRecord record = logs.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        Assert.Equal(SeverityNumber.Warn, record.SeverityNumber);
        Assert.Equal("W", record.SeverityText);
        Assert.Equal(7UL, record.ObservedTimeUnixNano);
        Assert.Equal("e", record.EventName);
    }

    [Theory]
    [InlineData("\"SPAN_KIND_UNSPECIFIED\"", Span.Types.SpanKind.Unspecified)]
    [InlineData("\"SPAN_KIND_INTERNAL\"", Span.Types.SpanKind.Internal)]
    [InlineData("\"SPAN_KIND_SERVER\"", Span.Types.SpanKind.Server)]
    [InlineData("\"SPAN_KIND_CLIENT\"", Span.Types.SpanKind.Client)]
    [InlineData("\"SPAN_KIND_PRODUCER\"", Span.Types.SpanKind.Producer)]
    [InlineData("\"SPAN_KIND_CONSUMER\"", Span.Types.SpanKind.Consumer)]
    [InlineData("3", Span.Types.SpanKind.Client)]
    public void Span_kind_is_accepted_as_name_or_number(string kind, Span.Types.SpanKind expected) =>
        Assert.Equal(expected, SingleSpan(InSpan($"\"kind\": {kind}")).Kind);

    [Theory]
    [InlineData("\"STATUS_CODE_UNSET\"", Status.Types.StatusCode.Unset)]
    [InlineData("\"STATUS_CODE_OK\"", Status.Types.StatusCode.Ok)]
    [InlineData("\"STATUS_CODE_ERROR\"", Status.Types.StatusCode.Error)]
    [InlineData("1", Status.Types.StatusCode.Ok)]
    public void Status_code_is_accepted_as_name_or_number(string code, Status.Types.StatusCode expected) =>
        Assert.Equal(expected, SingleSpan(InSpan($"\"status\": {{\"code\": {code}}}")).Status.Code);

    [Theory]
    [InlineData("AGGREGATION_TEMPORALITY_UNSPECIFIED", AggregationTemporality.Unspecified)]
    [InlineData("AGGREGATION_TEMPORALITY_DELTA", AggregationTemporality.Delta)]
    [InlineData("AGGREGATION_TEMPORALITY_CUMULATIVE", AggregationTemporality.Cumulative)]
    public void Aggregation_temporality_is_accepted_by_name(string name, AggregationTemporality expected)
    {
        var request = OtlpJsonReader.ReadMetrics(Encoding.UTF8.GetBytes(
            $$$"""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"aggregationTemporality":"{{{name}}}"}}]}]}]}"""));
        Assert.Equal(expected, request.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Histogram.AggregationTemporality);
    }

    [Theory]
    [InlineData("SEVERITY_NUMBER_UNSPECIFIED", SeverityNumber.Unspecified)]
    [InlineData("SEVERITY_NUMBER_TRACE", SeverityNumber.Trace)]
    [InlineData("SEVERITY_NUMBER_TRACE4", SeverityNumber.Trace4)]
    [InlineData("SEVERITY_NUMBER_DEBUG2", SeverityNumber.Debug2)]
    [InlineData("SEVERITY_NUMBER_INFO", SeverityNumber.Info)]
    [InlineData("SEVERITY_NUMBER_INFO3", SeverityNumber.Info3)]
    [InlineData("SEVERITY_NUMBER_WARN4", SeverityNumber.Warn4)]
    [InlineData("SEVERITY_NUMBER_ERROR", SeverityNumber.Error)]
    [InlineData("SEVERITY_NUMBER_FATAL4", SeverityNumber.Fatal4)]
    public void Severity_number_is_accepted_by_name(string name, SeverityNumber expected)
    {
        var request = OtlpJsonReader.ReadLogs(Encoding.UTF8.GetBytes(
            $$"""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"{{name}}"}]}]}]}"""));
        Assert.Equal(expected, request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].SeverityNumber);
    }

    [Theory]
    [InlineData("1544712660000000000")]
    [InlineData("\"1544712660000000000\"")]
    [InlineData("1.54471266e18")]
    public void Fixed64_is_accepted_as_number_or_decimal_string(string value) =>
        Assert.Equal(1544712660000000000UL, SingleSpan(InSpan($"\"startTimeUnixNano\": {value}")).StartTimeUnixNano);

    [Theory]
    [InlineData("18446744073709551615")]
    [InlineData("\"18446744073709551615\"")]
    public void Fixed64_accepts_its_maximum(string value) =>
        Assert.Equal(ulong.MaxValue, SingleSpan(InSpan($"\"endTimeUnixNano\": {value}")).EndTimeUnixNano);

    [Theory]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("\"-9223372036854775808\"", long.MinValue)]
    [InlineData("\"9223372036854775807\"", long.MaxValue)]
    [InlineData("-5", -5L)]
    public void Sfixed64_and_int64_are_accepted_as_number_or_string(string value, long expected)
    {
        Assert.Equal(expected, SingleGaugePoint($"\"asInt\": {value}").AsInt);
        string attribute = "\"attributes\": [{\"key\": \"n\", \"value\": {\"intValue\": " + value + "}}]";
        Assert.Equal(expected, SingleSpan(InSpan(attribute)).Attributes[0].Value.IntValue);
    }

    [Theory]
    [InlineData("7", 7u)]
    [InlineData("\"7\"", 7u)]
    [InlineData("4294967295", uint.MaxValue)]
    public void Uint32_is_accepted_as_number_or_string(string value, uint expected)
    {
        Span span = SingleSpan(InSpan($"\"droppedAttributesCount\": {value}, \"flags\": {value}"));
        Assert.Equal(expected, span.DroppedAttributesCount);
        Assert.Equal(expected, span.Flags);
    }

    [Theory]
    [InlineData("\"NaN\"", double.NaN)]
    [InlineData("\"Infinity\"", double.PositiveInfinity)]
    [InlineData("\"-Infinity\"", double.NegativeInfinity)]
    [InlineData("\"2.5\"", 2.5)]
    [InlineData("\"-1e3\"", -1000.0)]
    [InlineData("1e-3", 0.001)]
    [InlineData("-0.5", -0.5)]
    public void Doubles_are_accepted_as_numbers_strings_and_special_values(string value, double expected)
    {
        NumberDataPoint point = SingleGaugePoint($"\"asDouble\": {value}");
        Assert.Equal(NumberDataPoint.ValueOneofCase.AsDouble, point.ValueCase);
        Assert.Equal(expected, point.AsDouble);
    }

    [Fact]
    public void Histogram_accepts_special_doubles_and_mixed_number_forms()
    {
        var request = OtlpJsonReader.ReadMetrics("""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[
              {"bucketCounts":[1,"2",3],"explicitBounds":["-Infinity",0,"Infinity"],"sum":"NaN","min":"-Infinity","max":"Infinity"}
            ]}}]}]}]}
            """u8);
        HistogramDataPoint point = request.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Histogram.DataPoints[0];
        Assert.Equal([1UL, 2UL, 3UL], point.BucketCounts);
        Assert.Equal([double.NegativeInfinity, 0, double.PositiveInfinity], point.ExplicitBounds);
        Assert.True(double.IsNaN(point.Sum));
        Assert.Equal(double.NegativeInfinity, point.Min);
        Assert.Equal(double.PositiveInfinity, point.Max);
    }

    [Fact]
    public void Unknown_fields_of_any_shape_are_ignored_at_every_level()
    {
        const string Json = """
            {
              "extra": {"deep": [1, {"x": [[], {}]}, "s"], "more": null},
              "resourceSpans": [{
                "futureField": [{"a": {"b": [true, false, null]}}],
                "resource": {"unknownNumber": 1.5e300, "attributes": []},
                "scopeSpans": [{
                  "scope": {"name": "lib", "unknownString": "x"},
                  "spans": [{
                    "name": "kept",
                    "unknownObject": {"nested": {"deeper": {"deepest": [1, 2, 3]}}},
                    "unknownArray": [[1], [2, [3, [4]]]],
                    "unknownBool": true,
                    "unknownNull": null,
                    "status": {"code": 1, "reserved": {"x": 1}},
                    "attributes": [{"key": "k", "value": {"stringValue": "v", "futureValue": {"x": 1}}, "extra": []}]
                  }]
                }]
              }],
              "trailer": []
            }
            """;

        Span span = SingleSpan(Json);
        Assert.Equal("kept", span.Name);
        Assert.Equal(Status.Types.StatusCode.Ok, span.Status.Code);
        Assert.Equal("v", span.Attributes[0].Value.StringValue);
    }

    [Theory]
    [InlineData("5B8EFFF798038103D269B633813FC60C")]
    [InlineData("5b8efff798038103d269b633813fc60c")]
    [InlineData("5b8EFFF798038103d269B633813Fc60C")]
    public void Hex_ids_are_case_insensitive(string traceId)
    {
        Span span = SingleSpan(InSpan($"\"traceId\": \"{traceId}\", \"spanId\": \"EEE19b7ec3c1B174\""));
        Assert.Equal(Convert.FromHexString("5B8EFFF798038103D269B633813FC60C"), span.TraceId.ToByteArray());
        Assert.Equal(Convert.FromHexString("EEE19B7EC3C1B174"), span.SpanId.ToByteArray());
    }

    [Fact]
    public void Id_lengths_are_left_to_the_receiver()
    {
        // Wrong lengths are a partial-success matter for the receiver, not a decode error.
        Span span = SingleSpan(InSpan("\"traceId\": \"abcdef\", \"spanId\": \"\", \"parentSpanId\": \"00\""));
        Assert.Equal(3, span.TraceId.Length);
        Assert.True(span.SpanId.IsEmpty);
        Assert.Equal(1, span.ParentSpanId.Length);
    }

    [Fact]
    public void Null_means_absent()
    {
        Span span = SingleSpan(InSpan("""
            "name": null, "traceId": null, "kind": null, "status": null, "attributes": null, "startTimeUnixNano": null,
            "events": [null]
            """));
        Assert.Equal(string.Empty, span.Name);
        Assert.True(span.TraceId.IsEmpty);
        Assert.Null(span.Status);
        Assert.Empty(span.Attributes);
        Assert.Equal(0UL, span.StartTimeUnixNano);
        Assert.Equal(new Span.Types.Event(), Assert.Single(span.Events));

        NumberDataPoint point = SingleGaugePoint("\"asDouble\": null, \"asInt\": null");
        Assert.Equal(NumberDataPoint.ValueOneofCase.None, point.ValueCase);

        var histogram = OtlpJsonReader.ReadMetrics("""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"sum":null,"min":null,"max":null}]}}]}]}]}
            """u8).ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Histogram.DataPoints[0];
        Assert.False(histogram.HasSum);
        Assert.False(histogram.HasMin);
        Assert.False(histogram.HasMax);
    }

    [Fact]
    public void Optional_histogram_fields_are_set_when_present_even_at_zero()
    {
        var point = OtlpJsonReader.ReadMetrics("""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"exponentialHistogram":{"dataPoints":[{"sum":0,"min":0,"max":0}]}}]}]}]}
            """u8).ResourceMetrics[0].ScopeMetrics[0].Metrics[0].ExponentialHistogram.DataPoints[0];
        Assert.True(point.HasSum);
        Assert.True(point.HasMin);
        Assert.True(point.HasMax);
    }

    [Fact]
    public void Escaped_keys_and_values_are_understood()
    {
        Span span = SingleSpan(InSpan("""
            "na\u006De": "caf\u00e9 \"x\"", "trace\u005Fid": "\u0061b", "startTimeUnixNano": "\u0031\u0032"
            """));
        Assert.Equal("café \"x\"", span.Name);
        Assert.Equal(new byte[] { 0xAB }, span.TraceId.ToByteArray());
        Assert.Equal(12UL, span.StartTimeUnixNano);
    }

    [Fact]
    public void Url_safe_and_unpadded_base64_is_tolerated()
    {
        Span span = SingleSpan(InSpan("""
            "attributes": [{"key": "b", "value": {"bytesValue": "-_8"}}, {"key": "e", "value": {"bytesValue": ""}}]
            """));
        Assert.Equal(new byte[] { 0xFB, 0xFF }, span.Attributes[0].Value.BytesValue.ToByteArray());
        Assert.True(span.Attributes[1].Value.HasBytesValue);
        Assert.True(span.Attributes[1].Value.BytesValue.IsEmpty);
    }

    [Fact]
    public void Last_member_of_a_oneof_wins()
    {
        NumberDataPoint point = SingleGaugePoint("\"asDouble\": 1.5, \"asInt\": \"3\"");
        Assert.Equal(NumberDataPoint.ValueOneofCase.AsInt, point.ValueCase);
        Assert.Equal(3, point.AsInt);
    }
}
