using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Tests.Payload;

/// <summary>
/// What the receive path hands to pipelines: well-formed protobuf stays bytes (no decode), bad ids force a decode
/// that drops exactly the bad items, JSON is decoded because there are no protobuf bytes to keep.
/// </summary>
public sealed class SignalKindDecodeTests
{
    [Fact]
    public void Well_formed_protobuf_goes_on_as_the_received_bytes_without_a_model()
    {
        byte[] body = Request(goodSpans: 4, badSpans: 0).ToByteArray();

        var decoded = TracesKind.Instance.Decode(body, json: false, ClientMetadata.Empty);

        var request = Assert.IsType<TelemetryRequest<ExportTraceServiceRequest>>(decoded.Request);
        Assert.False(request.HasModel);
        Assert.Equal(4, request.ItemCount);
        Assert.Equal(0, decoded.Rejected);
        Assert.True(request.Bytes.Span.SequenceEqual(body));
    }

    [Fact]
    public void Protobuf_with_bad_ids_is_decoded_and_only_the_bad_items_dropped()
    {
        byte[] body = Request(goodSpans: 3, badSpans: 2).ToByteArray();

        var decoded = TracesKind.Instance.Decode(body, json: false, ClientMetadata.Empty);

        Assert.Equal(2, decoded.Rejected);
        Assert.Contains("trace_id must be 16 bytes", decoded.RejectReason);
        var request = Assert.IsType<TelemetryRequest<ExportTraceServiceRequest>>(decoded.Request);
        Assert.Equal(3, request.ItemCount);
        Assert.All(request.Message.ResourceSpans[0].ScopeSpans[0].Spans, s => Assert.Equal(16, s.TraceId.Length));
    }

    [Fact]
    public void Malformed_protobuf_is_refused_with_the_problem_named()
    {
        byte[] body = [0x0A, 0x05, 0x01];

        var error = Assert.Throws<InvalidOtlpException>(() => TracesKind.Instance.Decode(body, json: false, ClientMetadata.Empty));

        Assert.Contains("cannot decode the protobuf traces request", error.Message);
        Assert.Contains("runs past the end", error.Message);
    }

    [Fact]
    public void A_request_without_items_passes_nothing_on()
    {
        byte[] body = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans() } }.ToByteArray();

        var decoded = TracesKind.Instance.Decode(body, json: false, ClientMetadata.Empty);

        Assert.Null(decoded.Request);
        Assert.Equal(0, decoded.Rejected);
    }

    private static ExportTraceServiceRequest Request(int goodSpans, int badSpans)
    {
        var scope = new ScopeSpans();
        for (int i = 0; i < goodSpans + badSpans; i++)
        {
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(new byte[i < goodSpans ? 16 : 15]),
                SpanId = ByteString.CopyFrom(new byte[8]),
                Name = "s" + i,
            });
        }

        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { scope } } } };
    }
}
