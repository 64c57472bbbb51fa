using System.Text;
using MiniCollector.Pipeline.Otlp.Json;

namespace MiniCollector.Pipeline.Tests.Otlp.Json;

/// <summary>Bad input fails with one exception type whose message says what is wrong and where.</summary>
public sealed class OtlpJsonErrorTests
{
    private const string SpanPath = "resourceSpans[0].scopeSpans[0].spans[0]";

    private static OtlpJsonException TracesError(string json) =>
        Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadTraces(Encoding.UTF8.GetBytes(json)));

    private static string InSpan(string spanFields) =>
        $$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{ {{spanFields}} }]}]}]}""";

    [Fact]
    public void Malformed_json_names_the_byte_offset_and_path()
    {
        //                     0         1         2         3
        //                     0123456789012345678901234567890123
        var error = TracesError("""{"resourceSpans":[{"schemaUrl" "x"}]}""");
        Assert.StartsWith("malformed JSON at byte 31 (line 1) in resourceSpans[0]", error.Message);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Fact]
    public void Malformed_json_on_a_later_line_counts_bytes_from_the_start()
    {
        var error = TracesError("{\n  \"resourceSpans\": [\n    }\n");
        Assert.Contains("(line 3)", error.Message);
        Assert.Contains("at byte 27 ", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"resourceSpans\": [}")]
    [InlineData("{\"resourceSpans\": [],}")]
    [InlineData("{'resourceSpans': []}")]
    [InlineData("{\"resourceSpans\": [] /* comment */}")]
    public void Malformed_json_is_rejected(string json) =>
        Assert.StartsWith("malformed JSON at byte", TracesError(json).Message);

    [Fact]
    public void Non_hex_trace_id_names_the_field_and_value()
    {
        var error = TracesError(InSpan("\"traceId\": \"xyz0\""));
        Assert.Equal($"invalid JSON at {SpanPath}.traceId: \"xyz0\" is not a hex string", error.Message);
        Assert.Equal($"{SpanPath}.traceId", error.Path);
    }

    [Fact]
    public void Base64_trace_id_is_rejected_like_the_reference_collector()
    {
        var error = TracesError(InSpan("\"spanId\": \"7uGbfsPBsXQ=\""));
        Assert.Contains($"{SpanPath}.spanId", error.Message);
    }

    [Fact]
    public void Odd_length_id_is_rejected()
    {
        var error = TracesError(InSpan("\"parentSpanId\": \"abc\""));
        Assert.Equal(
            $"invalid JSON at {SpanPath}.parentSpanId: \"abc\" is not a hex string (odd number of digits)", error.Message);
    }

    [Fact]
    public void Path_counts_array_positions()
    {
        var error = TracesError("""
            {"resourceSpans":[{"scopeSpans":[{}, {"spans":[{}, {}, {}, {"links":[{"traceId":"zz"}]}]}]}]}
            """);
        Assert.Contains("at resourceSpans[0].scopeSpans[1].spans[3].links[0].traceId:", error.Message);
    }

    [Fact]
    public void Path_uses_the_senders_spelling_of_keys()
    {
        var error = TracesError("""{"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"q1"}]}]}]}""");
        Assert.Contains("at resource_spans[0].scope_spans[0].spans[0].trace_id:", error.Message);
    }

    [Fact]
    public void Unknown_enum_name_is_rejected()
    {
        var error = TracesError(InSpan("\"kind\": \"SPAN_KIND_SIDEWAYS\""));
        Assert.Equal($"invalid JSON at {SpanPath}.kind: \"SPAN_KIND_SIDEWAYS\" is not a SpanKind value name", error.Message);

        var severity = Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadLogs("""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"SEVERITY_NUMBER_INFO5"}]}]}]}
            """u8));
        Assert.Contains("logRecords[0].severityNumber: \"SEVERITY_NUMBER_INFO5\" is not a SeverityNumber", severity.Message);

        var temporality = Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadMetrics("""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"aggregationTemporality":"CUMULATIVE"}}]}]}]}
            """u8));
        Assert.Contains("metrics[0].sum.aggregationTemporality: \"CUMULATIVE\" is not a AggregationTemporality", temporality.Message);
    }

    [Fact]
    public void String_where_an_object_is_expected_is_rejected()
    {
        var error = TracesError("""{"resourceSpans":[{"resource":"service.name=checkout"}]}""");
        Assert.Equal(
            "invalid JSON at resourceSpans[0].resource: expected an object, got \"service.name=checkout\"", error.Message);
    }

    [Fact]
    public void Object_where_an_array_is_expected_is_rejected()
    {
        var error = TracesError("""{"resourceSpans":{"scopeSpans":[]}}""");
        Assert.Equal("invalid JSON at resourceSpans: expected an array, got an object", error.Message);
    }

    [Theory]
    [InlineData("\"startTimeUnixNano\": \"12abc\"", "startTimeUnixNano: \"12abc\" is not a valid uint64")]
    [InlineData("\"startTimeUnixNano\": -1", "startTimeUnixNano: -1 is not a valid uint64")]
    [InlineData("\"startTimeUnixNano\": 1.5", "startTimeUnixNano: 1.5 is not a valid uint64")]
    [InlineData("\"endTimeUnixNano\": true", "endTimeUnixNano: true is not a valid uint64")]
    [InlineData("\"droppedAttributesCount\": 4294967296", "droppedAttributesCount: 4294967296 is not a valid uint32")]
    [InlineData("\"name\": 5", "name: expected a string, got 5")]
    [InlineData("\"traceId\": 5", "traceId: expected a hex string, got 5")]
    [InlineData("\"kind\": 2.5", "kind: expected a SpanKind number or name, got 2.5")]
    [InlineData("\"attributes\": [{\"key\": \"k\", \"value\": {\"boolValue\": \"yes\"}}]", "attributes[0].value.boolValue: expected true or false, got \"yes\"")]
    [InlineData("\"attributes\": [{\"key\": \"k\", \"value\": {\"intValue\": \"9223372036854775808\"}}]", "attributes[0].value.intValue: \"9223372036854775808\" is not a valid int64")]
    [InlineData("\"attributes\": [{\"key\": \"k\", \"value\": {\"bytesValue\": \"not base64!\"}}]", "attributes[0].value.bytesValue: \"not base64!\" is not a base64 string")]
    [InlineData("\"attributes\": [\"k=v\"]", "attributes[0]: expected an object, got \"k=v\"")]
    public void Wrong_value_types_name_the_field(string fields, string expectedTail)
    {
        var error = TracesError(InSpan(fields));
        Assert.Equal($"invalid JSON at {SpanPath}.{expectedTail}", error.Message);
    }

    [Fact]
    public void Bad_numbers_in_repeated_fields_name_the_element()
    {
        var error = Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadMetrics("""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":["1","2","x"],"explicitBounds":[1]}]}}]}]}]}
            """u8));
        Assert.Equal(
            "invalid JSON at resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts[2]: \"x\" is not a valid uint64",
            error.Message);

        var nullBound = Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadMetrics("""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"explicitBounds":[1, null]}]}}]}]}]}
            """u8));
        Assert.EndsWith("explicitBounds[1]: null is not a valid double", nullBound.Message);

        var badDouble = Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadMetrics("""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{"asDouble":"nan"}]}}]}]}]}
            """u8));
        Assert.EndsWith("asDouble: \"nan\" is not a valid double", badDouble.Message);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"resourceSpans\"", "\"resourceSpans\"")]
    [InlineData("42", "42")]
    [InlineData("null", "null")]
    public void Root_must_be_an_object(string json, string described)
    {
        var error = TracesError(json);
        Assert.Equal($"invalid JSON: the root must be a JSON object, got {described}", error.Message);
        Assert.Equal(string.Empty, error.Path);
    }

    [Theory]
    [InlineData("{} {}")]
    [InlineData("{}x")]
    [InlineData("{\"resourceSpans\":[]}]")]
    public void Trailing_content_is_rejected(string json)
    {
        var error = TracesError(json);
        Assert.StartsWith("malformed JSON at byte", error.Message);
        Assert.Contains("after a single JSON value", error.Message);
    }

    [Fact]
    public void Trailing_whitespace_is_fine() =>
        Assert.Empty(OtlpJsonReader.ReadTraces("{}\r\n\t "u8).ResourceSpans);

    [Fact]
    public void Deeply_nested_array_value_fails_cleanly()
    {
        const int Depth = 200;
        var json = new StringBuilder(InSpan("\"attributes\":[{\"key\":\"deep\",\"value\":@}]"));
        var nested = new StringBuilder();
        for (int i = 0; i < Depth; i++)
        {
            nested.Append("{\"arrayValue\":{\"values\":[");
        }

        nested.Append("{\"stringValue\":\"bottom\"}");
        for (int i = 0; i < Depth; i++)
        {
            nested.Append("]}}");
        }

        json.Replace("@", nested.ToString());
        var error = TracesError(json.ToString());
        Assert.StartsWith("malformed JSON at byte", error.Message);
        Assert.Contains("maximum configured depth of 128", error.Message);
        Assert.Contains($"in {SpanPath}.attributes[0].value.arrayValue.values[0].arrayValue", error.Message);
    }

    [Fact]
    public void Nesting_just_inside_the_limit_is_accepted()
    {
        // 9 levels of envelope, then 3 per nested value: the innermost of 38 sits at depth 124 of 128.
        const int Depth = 38;
        var nested = new StringBuilder();
        for (int i = 0; i < Depth; i++)
        {
            nested.Append("{\"arrayValue\":{\"values\":[");
        }

        nested.Append("{\"intValue\":1}");
        for (int i = 0; i < Depth; i++)
        {
            nested.Append("]}}");
        }

        var span = OtlpJsonReader.ReadTraces(Encoding.UTF8.GetBytes(
            InSpan($"\"attributes\":[{{\"key\":\"deep\",\"value\":{nested}}}]"))).ResourceSpans[0].ScopeSpans[0].Spans[0];
        var value = span.Attributes[0].Value;
        for (int i = 0; i < Depth; i++)
        {
            value = value.ArrayValue.Values[0];
        }

        Assert.Equal(1, value.IntValue);
    }

    [Fact]
    public void Deeply_nested_unknown_field_fails_cleanly()
    {
        string json = "{\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        Assert.Contains("maximum configured depth", TracesError(json).Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_an_otlp_error()
    {
        byte[] json = [.. "{\"resourceSpans\":[{\"schemaUrl\":\""u8, 0xC3, 0x28, .. "\"}]}"u8];
        var error = Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadTraces(json));
        Assert.Contains("resourceSpans[0]", error.Message);
    }

    [Fact]
    public void Response_and_status_readers_report_errors_the_same_way()
    {
        var response = Assert.Throws<OtlpJsonException>(() =>
            OtlpJsonReader.ReadTraceResponse("""{"partialSuccess":{"rejectedSpans":"two"}}"""u8));
        Assert.Equal("invalid JSON at partialSuccess.rejectedSpans: \"two\" is not a valid int64", response.Message);

        var status = Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadStatus("""{"code":"x"}"""u8));
        Assert.Equal("invalid JSON at code: \"x\" is not a valid int32", status.Message);
    }
}
