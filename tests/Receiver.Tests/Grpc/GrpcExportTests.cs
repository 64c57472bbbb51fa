using System.Net;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Otlp;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Receiver.Tests.TestSupport;
using MiniCollector.Receivers.Otlp.Grpc;

namespace MiniCollector.Receiver.Tests.Grpc;

/// <summary>What a successful or consumer-answered export looks like on the wire.</summary>
public sealed class GrpcExportTests
{
    private const int Ok = 0;
    private const int InvalidArgument = 3;
    private const int Internal = 13;
    private const int Unavailable = 14;

    [Theory]
    [InlineData(Signal.Traces, false)]
    [InlineData(Signal.Metrics, false)]
    [InlineData(Signal.Logs, false)]
    [InlineData(Signal.Traces, true)]
    [InlineData(Signal.Metrics, true)]
    [InlineData(Signal.Logs, true)]
    public async Task Every_signal_is_accepted_plain_or_gzip_and_answered_with_a_framed_response_without_partial_success(Signal signal, bool gzip)
    {
        await using var harness = await GrpcHarness.StartAsync();
        IMessage sent = signal switch
        {
            Signal.Traces => Payloads.Traces(3),
            Signal.Metrics => Payloads.Metrics(),
            _ => Payloads.Logs(),
        };
        var path = signal switch
        {
            Signal.Traces => GrpcHarness.TracesMethod,
            Signal.Metrics => GrpcHarness.MetricsMethod,
            _ => GrpcHarness.LogsMethod,
        };
        var bytes = sent.ToByteArray();
        var body = gzip ? GrpcHarness.Frame(Payloads.Gzip(bytes), compressed: true) : GrpcHarness.Frame(bytes);

        var response = await harness.CallAsync(path, body, configure: gzip ? GrpcTestData.Header("grpc-encoding", "gzip") : null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Ok, response.Status());
        Assert.True(response.TrailingHeaders.Contains("grpc-status"), "a response with a message carries its status in trailers");
        Assert.False(response.Headers.Contains("grpc-status"));
        var message = await response.MessageBytesAsync();
        switch (signal)
        {
            case Signal.Traces:
                Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(message).PartialSuccess);
                break;
            case Signal.Metrics:
                Assert.Null(ExportMetricsServiceResponse.Parser.ParseFrom(message).PartialSuccess);
                break;
            default:
                Assert.Null(ExportLogsServiceResponse.Parser.ParseFrom(message).PartialSuccess);
                break;
        }

        var received = Assert.Single(harness.Consumer.Received);
        Assert.Equal(signal, received.Signal);
        Assert.Equal(sent, received.Model);
    }

    [Fact]
    public async Task A_span_with_a_3_byte_trace_id_is_rejected_alone_as_partial_success()
    {
        await using var harness = await GrpcHarness.StartAsync();
        var request = GrpcTestData.Traces(["bad", "good"]);
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId = ByteString.CopyFrom(1, 2, 3);

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(request.ToByteArray()));

        Assert.Equal(Ok, response.Status());
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.MessageBytesAsync()).PartialSuccess;
        Assert.NotNull(partial);
        Assert.Equal(1, partial.RejectedSpans);
        Assert.Contains("trace_id", partial.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["good"], GrpcTestData.SpanNames(harness.Consumer.Received));
    }

    [Fact]
    public async Task A_request_whose_every_span_is_malformed_is_answered_ok_with_all_rejected_and_passes_nothing_on()
    {
        await using var harness = await GrpcHarness.StartAsync();
        var request = GrpcTestData.Traces(["a", "b"]);
        foreach (var span in request.ResourceSpans[0].ScopeSpans[0].Spans)
        {
            span.SpanId = ByteString.CopyFrom(9);
        }

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(request.ToByteArray()));

        Assert.Equal(Ok, response.Status());
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.MessageBytesAsync()).PartialSuccess;
        Assert.Equal(2, partial.RejectedSpans);
        Assert.Contains("span_id", partial.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(harness.Consumer.Received);
    }

    [Fact]
    public async Task A_partial_answer_from_the_consumer_reaches_the_client()
    {
        await using var harness = await GrpcHarness.StartAsync();
        harness.Consumer.Answer = ConsumeResult.Partial(2, "two spans over quota");

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(3).ToByteArray()));

        Assert.Equal(Ok, response.Status());
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.MessageBytesAsync()).PartialSuccess;
        Assert.Equal(2, partial.RejectedSpans);
        Assert.Equal("two spans over quota", partial.ErrorMessage);
    }

    [Fact]
    public async Task Spans_dropped_for_bad_ids_and_spans_rejected_by_the_consumer_add_up_in_rejected_spans()
    {
        await using var harness = await GrpcHarness.StartAsync();

        // Three spans sent: the receiver drops "bad" (3-byte trace id), the consumer rejects one of the two left.
        var request = GrpcTestData.Traces(["bad", "kept", "over-quota"]);
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId = ByteString.CopyFrom(1, 2, 3);
        harness.Consumer.Answer = ConsumeResult.Partial(1, "one span over quota");

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(request.ToByteArray()));

        Assert.Equal(Ok, response.Status());
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.MessageBytesAsync()).PartialSuccess;
        Assert.NotNull(partial);
        Assert.Equal(2, partial.RejectedSpans);
    }

    [Fact]
    public async Task A_refusal_is_unavailable_with_retry_info_in_grpc_status_details_bin()
    {
        await using var harness = await GrpcHarness.StartAsync();
        harness.Consumer.Answer = ConsumeResult.Refuse("full", TimeSpan.FromSeconds(2));

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(1).ToByteArray()));

        Assert.Equal(Unavailable, response.Status());
        Assert.Equal("full", response.Message());
        await GrpcTestData.AssertTrailersOnlyAsync(response);
        var details = response.Header("grpc-status-details-bin");
        Assert.NotNull(details);
        var status = Status.Parser.ParseFrom(GrpcTestData.FromBase64Metadata(details));
        Assert.Equal(Unavailable, status.Code);
        Assert.Equal("full", status.Message);
        var detail = Assert.Single(status.Details);
        Assert.True(detail.Is(RetryInfo.Descriptor));
        Assert.Equal(TimeSpan.FromSeconds(2), detail.Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    [Fact]
    public async Task A_refusal_without_a_delay_advertises_the_default_retry_delay()
    {
        await using var harness = await GrpcHarness.StartAsync();
        harness.Consumer.Answer = ConsumeResult.Refuse("busy");

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(1).ToByteArray()));

        Assert.Equal(Unavailable, response.Status());
        var status = Status.Parser.ParseFrom(GrpcTestData.FromBase64Metadata(response.Header("grpc-status-details-bin")!));
        Assert.Equal(MiniCollector.Receivers.Otlp.RefusalStatus.DefaultRetryDelay, Assert.Single(status.Details).Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    [Fact]
    public async Task A_consumer_rejection_is_invalid_argument()
    {
        await using var harness = await GrpcHarness.StartAsync();
        harness.Consumer.Answer = ConsumeResult.Reject("bad data");

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(1).ToByteArray()));

        Assert.Equal(InvalidArgument, response.Status());
        Assert.Equal("bad data", response.Message());
        Assert.Null(response.Header("grpc-status-details-bin"));
        await GrpcTestData.AssertTrailersOnlyAsync(response);
    }

    [Fact]
    public async Task A_consumer_failure_is_internal()
    {
        await using var harness = await GrpcHarness.StartAsync();
        harness.Consumer.Answer = ConsumeResult.Fail("exporter crashed");

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(1).ToByteArray()));

        Assert.Equal(Internal, response.Status());
        Assert.Equal("exporter crashed", response.Message());
        await GrpcTestData.AssertTrailersOnlyAsync(response);
    }

    [Fact]
    public async Task A_non_ascii_grpc_message_is_percent_encoded_on_the_wire_and_decodes_back()
    {
        const string text = "Daten ungültig: 100% kaputt — 日本 😀";
        await using var harness = await GrpcHarness.StartAsync();
        harness.Consumer.Answer = ConsumeResult.Reject(text);

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(1).ToByteArray()));

        var raw = response.Header("grpc-message");
        Assert.NotNull(raw);
        Assert.All(raw, c => Assert.InRange(c, (char)0x20, (char)0x7E));
        Assert.Contains("ung%C3%BCltig", raw, StringComparison.Ordinal);
        Assert.Contains("100%25", raw, StringComparison.Ordinal);
        Assert.Equal(text, GrpcMessageText.Decode(raw));
    }

    [Fact]
    public async Task With_include_metadata_request_headers_reach_the_consumer()
    {
        await using var harness = await GrpcHarness.StartAsync("include_metadata: true");

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(1).ToByteArray()), configure: GrpcTestData.Header("x-tenant", "acme"));

        Assert.Equal(Ok, response.Status());
        var metadata = Assert.Single(harness.Consumer.Received).Metadata;
        Assert.Equal(["acme"], metadata.Get("x-tenant"));
        Assert.Equal(["acme"], metadata.Get("X-Tenant"));
        Assert.DoesNotContain(metadata.Values.Keys, k => k.StartsWith(':'));
    }

    [Fact]
    public async Task Without_include_metadata_no_headers_reach_the_consumer()
    {
        await using var harness = await GrpcHarness.StartAsync();

        await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(1).ToByteArray()), configure: GrpcTestData.Header("x-tenant", "acme"));

        var metadata = Assert.Single(harness.Consumer.Received).Metadata;
        Assert.Empty(metadata.Get("x-tenant"));
        Assert.Empty(metadata.Values);
    }

    [Fact]
    public async Task The_received_protobuf_bytes_are_passed_on_unchanged()
    {
        await using var harness = await GrpcHarness.StartAsync();
        var sent = Payloads.Traces(2).ToByteArray();

        await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Gzip(sent), compressed: true), configure: GrpcTestData.Header("grpc-encoding", "gzip"));

        Assert.Equal(sent, Assert.Single(harness.Consumer.Received).Bytes.ToArray());
    }

    [Fact]
    public async Task An_empty_export_request_is_ok_and_passes_nothing_on()
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame([]));

        Assert.Equal(Ok, response.Status());
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(await response.MessageBytesAsync()).PartialSuccess);
        Assert.Empty(harness.Consumer.Received);
    }
}
