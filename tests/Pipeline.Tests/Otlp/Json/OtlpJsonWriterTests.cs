using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Otlp.Json;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.Pipeline.Tests.Otlp.Json;

/// <summary>The writer produces OTLP/JSON as the spec words it, which strict peers rely on.</summary>
public sealed class OtlpJsonWriterTests
{
    private static string Json(IMessage message) => Encoding.UTF8.GetString(OtlpJsonWriter.ToUtf8Bytes(message));

    private static ExportTraceServiceRequest OneSpan(Span span) => new()
    {
        ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { span } } } } },
    };

    [Fact]
    public void Span_uses_lowercase_hex_decimal_strings_for_64_bit_and_numeric_enums()
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("5B8EFFF798038103D269B633813FC60C")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("EEE19B7EC3C1B174")),
            Name = "op",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1544712660000000000,
            EndTimeUnixNano = 1544712661000000000,
            DroppedAttributesCount = 2,
            Status = new MiniCollector.Otlp.Trace.Status { Code = MiniCollector.Otlp.Trace.Status.Types.StatusCode.Error },
        };

        Assert.Equal(
            """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"op","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","droppedAttributesCount":2,"status":{"code":2}}]}]}]}""",
            Json(OneSpan(span)));
    }

    [Fact]
    public void Default_values_are_omitted()
    {
        Assert.Equal("""{"resourceSpans":[{"scopeSpans":[{"spans":[{}]}]}]}""", Json(OneSpan(new Span())));
        Assert.Equal("{}", Json(new ExportTraceServiceRequest()));
    }

    [Fact]
    public void Any_value_writes_its_set_member_even_at_its_default()
    {
        var span = new Span
        {
            Attributes =
            {
                new KeyValue { Key = "s", Value = new AnyValue { StringValue = string.Empty } },
                new KeyValue { Key = "i", Value = new AnyValue { IntValue = 0 } },
                new KeyValue { Key = "d", Value = new AnyValue { DoubleValue = double.NaN } },
                new KeyValue { Key = "b", Value = new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) } },
                new KeyValue { Key = "e", Value = new AnyValue() },
                new KeyValue { Key = "a", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { BoolValue = false } } } } },
            },
        };

        string json = Json(OneSpan(span));
        Assert.Contains("""{"key":"s","value":{"stringValue":""}}""", json);
        Assert.Contains("""{"key":"i","value":{"intValue":"0"}}""", json);
        Assert.Contains("""{"key":"d","value":{"doubleValue":"NaN"}}""", json);
        Assert.Contains("""{"key":"b","value":{"bytesValue":"AQID"}}""", json);
        Assert.Contains("""{"key":"e","value":{}}""", json);
        Assert.Contains("""{"key":"a","value":{"arrayValue":{"values":[{"boolValue":false}]}}}""", json);
    }

    [Fact]
    public void Histogram_writes_counts_as_strings_and_special_doubles_as_strings()
    {
        var request = new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    ScopeMetrics =
                    {
                        new ScopeMetrics
                        {
                            Metrics =
                            {
                                new Metric
                                {
                                    Name = "h",
                                    Histogram = new Histogram
                                    {
                                        AggregationTemporality = AggregationTemporality.Cumulative,
                                        DataPoints =
                                        {
                                            new HistogramDataPoint
                                            {
                                                Count = 3,
                                                Sum = 0,
                                                BucketCounts = { 1, 2 },
                                                ExplicitBounds = { double.PositiveInfinity },
                                                Max = double.NegativeInfinity,
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        };

        Assert.Equal(
            """{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","histogram":{"dataPoints":[{"count":"3","sum":0,"bucketCounts":["1","2"],"explicitBounds":["Infinity"],"max":"-Infinity"}],"aggregationTemporality":2}}]}]}]}""",
            Json(request));
    }

    [Fact]
    public void Number_data_point_writes_as_int_as_a_string()
    {
        var point = new NumberDataPoint { AsInt = -42 };
        var request = new ExportMetricsServiceRequest
        {
            ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { new Metric { Gauge = new Gauge { DataPoints = { point } } } } } } } },
        };
        Assert.Contains("""{"asInt":"-42"}""", Json(request));
    }

    [Fact]
    public void Log_record_writes_severity_as_a_number()
    {
        var request = new ExportLogsServiceRequest
        {
            ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { SeverityNumber = SeverityNumber.Warn, Body = new AnyValue { StringValue = "ünïcødé <b>" } } } } } } },
        };
        Assert.Equal(
            """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":13,"body":{"stringValue":"ünïcødé <b>"}}]}]}]}""",
            Json(request));
    }

    [Fact]
    public void Responses_write_partial_success_or_an_empty_object()
    {
        Assert.Equal("{}", Json(new ExportTraceServiceResponse()));
        Assert.Equal("{}", Json(new ExportMetricsServiceResponse()));
        Assert.Equal("{}", Json(new ExportLogsServiceResponse()));
        Assert.Equal(
            """{"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad ids"}}""",
            Json(new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = 2, ErrorMessage = "bad ids" } }));
        Assert.Equal(
            """{"partialSuccess":{"rejectedDataPoints":"5"}}""",
            Json(new ExportMetricsServiceResponse { PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = 5 } }));
        Assert.Equal(
            """{"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"x"}}""",
            Json(new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = 1, ErrorMessage = "x" } }));
    }

    [Fact]
    public void Status_writes_code_message_and_details()
    {
        Assert.Equal("""{"code":3,"message":"bad \"json\""}""", Json(new RpcStatus { Code = 3, Message = "bad \"json\"" }));

        string json = Json(OtlpSamples.StatusWithDetails());
        Assert.StartsWith("""{"code":14,"message":"server is overloaded","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s"},{"@type":"type.googleapis.com/google.rpc.BadRequest","value":""", json);
    }

    [Fact]
    public void Status_reader_understands_inlined_retry_info_from_other_servers()
    {
        RpcStatus status = OtlpJsonReader.ReadStatus("""
            {"code":8,"message":"slow down","details":[
              {"retryDelay":"0.000001s","@type":"type.googleapis.com/google.rpc.RetryInfo"},
              {"@type":"type.googleapis.com/google.protobuf.Duration","value":"1.5s"},
              {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"x"}]}
            ]}
            """u8);
        Assert.Equal(8, status.Code);
        Assert.Equal(new Duration { Nanos = 1_000 }, status.Details[0].Unpack<RetryInfo>().RetryDelay);
        Assert.True(status.Details[1].Value.IsEmpty);
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", status.Details[2].TypeUrl);
    }

    [Fact]
    public void Output_is_valid_json_for_every_sample()
    {
        foreach (IMessage message in new IMessage[] { OtlpSamples.Traces(), OtlpSamples.Metrics(), OtlpSamples.Logs(), OtlpSamples.StatusWithDetails() })
        {
            using var document = JsonDocument.Parse(OtlpJsonWriter.ToUtf8Bytes(message));
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }
    }

    [Fact]
    public void Write_appends_to_the_buffer_writer()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("prefix:"u8);
        OtlpJsonWriter.Write(buffer, new ExportTraceServiceResponse());
        Assert.Equal("prefix:{}", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Unsupported_message_types_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => OtlpJsonWriter.ToUtf8Bytes(new Duration()));
        Assert.Contains("Google.Protobuf.WellKnownTypes.Duration", error.Message);
    }
}
