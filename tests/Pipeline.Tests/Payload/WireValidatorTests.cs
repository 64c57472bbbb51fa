using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Tests.Payload;

/// <summary>
/// The validating scan that replaces decoding on the receive path: it must count what the model counts, flag the
/// ids the model-based check drops, and refuse exactly the malformed input (with the field named where it can).
/// </summary>
public sealed class WireValidatorTests
{
    [Fact]
    public void A_well_formed_trace_request_is_counted_like_its_model()
    {
        var request = Traces(spans: 7, span => span.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { StringValue = "välue ✓" } }));
        byte[] wire = request.ToByteArray();

        var scan = TracesKind.Instance.Validate(wire);

        Assert.Equal(new WireScan(7, IdProblem: false), scan);
        Assert.Equal(TracesKind.Instance.CountItems(request), scan.Items);
    }

    [Fact]
    public void Metrics_count_data_points_of_every_kind_and_logs_count_records()
    {
        var metric = new ExportMetricsServiceRequest
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
                                new Metric { Name = "g", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = 1 }, new NumberDataPoint { AsInt = 2 } } } },
                                new Metric { Name = "s", Sum = new Sum { DataPoints = { new NumberDataPoint { AsInt = 3 } } } },
                                new Metric { Name = "h", Histogram = new Histogram { DataPoints = { new HistogramDataPoint { BucketCounts = { 1, 2 }, ExplicitBounds = { 0.5 } } } } },
                                new Metric { Name = "e", ExponentialHistogram = new ExponentialHistogram { DataPoints = { new ExponentialHistogramDataPoint { Positive = new ExponentialHistogramDataPoint.Types.Buckets { BucketCounts = { 1, 300 } } } } } },
                                new Metric { Name = "q", Summary = new Summary { DataPoints = { new SummaryDataPoint { Count = 1 }, new SummaryDataPoint() } } },
                            },
                        },
                    },
                },
            },
        };
        var logs = new ExportLogsServiceRequest
        {
            ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { Body = new AnyValue { StringValue = "a" } }, new LogRecord { TraceId = Id(16), SpanId = Id(8) } } } } } },
        };

        Assert.Equal(new WireScan(7, false), MetricsKind.Instance.Validate(metric.ToByteArray()));
        Assert.Equal(new WireScan(2, false), LogsKind.Instance.Validate(logs.ToByteArray()));
    }

    public static TheoryData<string, Action<Span>> BadSpanIds => new()
    {
        { "trace id of 15 bytes", s => s.TraceId = Id(15) },
        { "missing trace id", s => s.TraceId = ByteString.Empty },
        { "span id of 9 bytes", s => s.SpanId = Id(9) },
        { "missing span id", s => s.SpanId = ByteString.Empty },
        { "parent span id of 4 bytes", s => s.ParentSpanId = Id(4) },
        { "link without a trace id", s => s.Links.Add(new Span.Types.Link { SpanId = Id(8) }) },
        { "link span id of 7 bytes", s => s.Links.Add(new Span.Types.Link { TraceId = Id(16), SpanId = Id(7) }) },
    };

    [Theory]
    [MemberData(nameof(BadSpanIds))]
    public void A_span_with_a_malformed_id_is_flagged_for_decoding(string why, Action<Span> spoil)
    {
        var request = Traces(spans: 3, _ => { });
        spoil(request.ResourceSpans[0].ScopeSpans[0].Spans[1]);

        var scan = TracesKind.Instance.Validate(request.ToByteArray());

        Assert.True(scan.IdProblem, why);
        Assert.Equal(3, scan.Items);
    }

    [Fact]
    public void Optional_ids_may_be_empty_but_not_the_wrong_length()
    {
        var empty = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord() } } } } } };
        var wrong = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { SpanId = Id(3) } } } } } } };
        var exemplar = new ExportMetricsServiceRequest
        {
            ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { new Metric { Gauge = new Gauge { DataPoints = { new NumberDataPoint { Exemplars = { new Exemplar { TraceId = Id(5) } } } } } } } } } } },
        };

        Assert.False(LogsKind.Instance.Validate(empty.ToByteArray()).IdProblem);
        Assert.True(LogsKind.Instance.Validate(wrong.ToByteArray()).IdProblem);
        Assert.True(MetricsKind.Instance.Validate(exemplar.ToByteArray()).IdProblem);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_field_is_refused_naming_the_field()
    {
        var request = Traces(spans: 1, span => span.Name = "SPAN-NAME");
        byte[] wire = request.ToByteArray();
        int at = IndexOf(wire, "SPAN-NAME"u8);
        wire[at] = 0xC3; // a lead byte followed by ASCII

        var error = Assert.Throws<MalformedPayloadException>(() => TracesKind.Instance.Validate(wire));

        Assert.Contains("opentelemetry.proto.trace.v1.Span.name", error.Message);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Invalid_utf8_in_bytes_and_unknown_fields_is_not_a_problem()
    {
        var request = Traces(spans: 1, span => span.Attributes.Add(new KeyValue { Key = "b", Value = new AnyValue { BytesValue = ByteString.CopyFrom(0xFF, 0xFE) } }));
        byte[] unknown = [0xBA, 0x3E, 2, 0xFF, 0xFE]; // field 999, length-delimited, not UTF-8
        byte[] wire = [.. request.ToByteArray(), .. unknown];

        Assert.Equal(new WireScan(1, false), TracesKind.Instance.Validate(wire));
    }

    [Fact]
    public void A_packed_run_that_does_not_hold_whole_values_is_refused()
    {
        // Histogram data point: explicit_bounds (field 7, packed doubles) of 12 bytes.
        byte[] point = [0x3A, 12, .. new byte[12]];
        byte[] histogram = [0x0A, (byte)point.Length, .. point];
        byte[] metric = [0x4A, (byte)histogram.Length, .. histogram];
        byte[] scope = [0x12, (byte)metric.Length, .. metric];
        byte[] resource = [0x12, (byte)scope.Length, .. scope];
        byte[] request = [0x0A, (byte)resource.Length, .. resource];

        var error = Assert.Throws<MalformedPayloadException>(() => MetricsKind.Instance.Validate(request));

        Assert.Contains("explicit_bounds", error.Message);
    }

    [Fact]
    public void Unknown_groups_are_skipped_and_unbalanced_ones_refused()
    {
        byte[] valid = Traces(spans: 2, _ => { }).ToByteArray();
        byte[] group = [0xC3, 0x3E, 0x08, 0x01, 0xC4, 0x3E]; // start group 1000, varint field 1, end group 1000
        byte[] unbalanced = [0xC3, 0x3E, 0x08, 0x01, 0xCC, 0x3E]; // closed by end group 1001

        Assert.Equal(new WireScan(2, false), TracesKind.Instance.Validate([.. valid, .. group]));
        Assert.Throws<MalformedPayloadException>(() => TracesKind.Instance.Validate([.. valid, .. unbalanced]));
    }

    [Fact]
    public void Nesting_deeper_than_the_parser_allows_is_refused()
    {
        var value = new AnyValue { StringValue = "leaf" };
        for (int i = 0; i < 60; i++)
        {
            value = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "k", Value = value } } } };
        }

        var request = Traces(spans: 1, span => span.Attributes.Add(new KeyValue { Key = "deep", Value = value }));
        byte[] wire = request.ToByteArray();

        Assert.Throws<InvalidProtocolBufferException>(() => ExportTraceServiceRequest.Parser.ParseFrom(wire));
        Assert.Throws<MalformedPayloadException>(() => TracesKind.Instance.Validate(wire));
    }

    [Fact]
    public void Whatever_the_scan_accepts_the_parser_accepts_with_the_same_count()
    {
        var random = new Random(7);
        byte[] valid = Traces(spans: 5, span => span.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { IntValue = 42 } })).ToByteArray();
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] mutated = (byte[])valid.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            WireScan scan;
            try
            {
                scan = TracesKind.Instance.Validate(mutated);
            }
            catch (MalformedPayloadException)
            {
                continue;
            }

            accepted++;
            var model = ExportTraceServiceRequest.Parser.ParseFrom(mutated);
            Assert.Equal(TracesKind.Instance.CountItems(model), scan.Items);
        }

        Assert.InRange(accepted, 1_000, 20_000);
    }

    private static ExportTraceServiceRequest Traces(int spans, Action<Span> shape)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "scope" } };
        for (int i = 0; i < spans; i++)
        {
            var span = new Span { TraceId = Id(16), SpanId = Id(8), Name = "span" + i, StartTimeUnixNano = 1, EndTimeUnixNano = 2 };
            shape(span);
            scope.Spans.Add(span);
        }

        return new ExportTraceServiceRequest
        {
            ResourceSpans = { new ResourceSpans { Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "svc" } } } }, ScopeSpans = { scope } } },
        };
    }

    private static ByteString Id(int length) => ByteString.CopyFrom(Enumerable.Range(1, length).Select(i => (byte)i).ToArray());

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
