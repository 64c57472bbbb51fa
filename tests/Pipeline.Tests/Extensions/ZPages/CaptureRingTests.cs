using Google.Protobuf;
using MiniCollector.Extensions.ZPages.Capture;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Tests.Extensions.ZPages;

/// <summary>The capture ring: bounded memory, oldest evicted first, contents read back exactly.</summary>
public sealed class CaptureRingTests
{
    private static readonly ComponentId Receiver = new("otlp", string.Empty);

    [Fact]
    public void Nothing_is_allocated_before_the_first_capture()
    {
        var ring = new CaptureRing(64 * 1024);

        var stats = ring.Stats();

        Assert.Equal(0, stats.Requests);
        Assert.Equal(0, stats.UsedBytes);
        Assert.True(stats.HeldBytes < 1024, $"held {stats.HeldBytes} bytes before any capture");
        Assert.Empty(ring.Read(ExportTraceServiceRequest.Parser));
    }

    [Fact]
    public void Requests_are_read_back_in_arrival_order_with_their_receiver()
    {
        var ring = new CaptureRing(64 * 1024);
        var other = new ComponentId("otlp", "internal");

        ring.Append(Receiver, 10, Request("first", 1));
        ring.Append(other, 20, Request("second", 1));

        var read = ring.Read(ExportTraceServiceRequest.Parser);
        Assert.Equal(["first", "second"], read.Select(c => c.Message.ResourceSpans[0].ScopeSpans[0].Spans[0].Name));
        Assert.Equal([Receiver, other], read.Select(c => c.Receiver));
        Assert.Equal([10L, 20L], read.Select(c => c.ReceivedUnixNano));
        Assert.Equal([1L, 2L], read.Select(c => c.Sequence));
        Assert.Equal(2, ring.LastSequence);
    }

    [Fact]
    public void Memory_stays_bounded_and_the_newest_requests_stay_whole_however_much_arrives()
    {
        const long capacity = 16 * 1024;
        var ring = new CaptureRing(capacity);
        var random = new Random(42);
        int sent = 0;
        for (int i = 0; i < 2000; i++)
        {
            // Sizes from a few bytes to a quarter of the ring, so the writer wraps at every kind of boundary.
            ring.Append(Receiver, i, Request("span-" + i, random.Next(1, 60)));
            sent++;
            var stats = ring.Stats();
            Assert.True(stats.UsedBytes <= capacity, $"used {stats.UsedBytes} > {capacity} after {sent} requests");
            Assert.True(stats.HeldBytes <= 2 * capacity + 1024, $"held {stats.HeldBytes} after {sent} requests");
        }

        var read = ring.Read(ExportTraceServiceRequest.Parser);
        var final = ring.Stats();
        Assert.Equal(final.Requests, read.Count);
        Assert.Equal(sent, final.Captured);
        Assert.Equal(sent - final.Requests, final.Evicted);

        // What is left is the newest requests, consecutive, each decoding to exactly what was sent.
        var names = read.Select(c => c.Message.ResourceSpans[0].ScopeSpans[0].Spans[0].Name).ToList();
        var expected = Enumerable.Range(sent - read.Count, read.Count).Select(i => "span-" + i).ToList();
        Assert.Equal(expected, names);
        Assert.All(read, c => Assert.Equal("span-" + c.ReceivedUnixNano, c.Message.ResourceSpans[0].ScopeSpans[0].Spans[0].Name));
    }

    [Fact]
    public void A_request_larger_than_the_ring_is_counted_and_not_kept()
    {
        var ring = new CaptureRing(4 * 1024);
        ring.Append(Receiver, 1, Request("small", 1));

        ring.Append(Receiver, 2, Request("huge", 200));

        var stats = ring.Stats();
        Assert.Equal(1, stats.TooLarge);
        Assert.Equal(1, stats.Requests);
        Assert.Equal("small", ring.Read(ExportTraceServiceRequest.Parser).Single().Message.ResourceSpans[0].ScopeSpans[0].Spans[0].Name);
    }

    [Fact]
    public void Many_tiny_requests_are_bounded_by_their_bookkeeping()
    {
        const long capacity = 8 * 1024;
        var ring = new CaptureRing(capacity);
        for (int i = 0; i < 10_000; i++)
        {
            ring.Append(Receiver, i, TracesKind.Instance.FromBytes(ReadOnlyMemory<byte>.Empty, ClientMetadata.Empty, 0));
        }

        var stats = ring.Stats();
        Assert.Equal(capacity / CaptureRing.EntryOverheadBytes, stats.Requests);
        Assert.True(stats.HeldBytes <= 2 * capacity + 1024, $"held {stats.HeldBytes}");
    }

    [Fact]
    public void A_merged_request_is_copied_part_by_part()
    {
        var ring = new CaptureRing(64 * 1024);
        var parts = new List<TelemetryRequest> { Request("a", 1), Request("b", 2) };

        ring.Append(Receiver, 1, TracesKind.Instance.Concat(parts, ClientMetadata.Empty));

        var message = ring.Read(ExportTraceServiceRequest.Parser).Single().Message;
        Assert.Equal(["a", "b", "b"], message.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name));
    }

    // A request whose serialized size grows with the span count (about 40 bytes a span).
    private static TelemetryRequest Request(string name, int spans)
    {
        var scope = new ScopeSpans();
        for (int i = 0; i < spans; i++)
        {
            scope.Spans.Add(new Span
            {
                Name = name,
                TraceId = ByteString.CopyFrom(new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte)i }),
                SpanId = ByteString.CopyFrom(new byte[8] { 1, 2, 3, 4, 5, 6, 7, (byte)i }),
            });
        }

        var request = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { scope } } } };
        return TracesKind.Instance.FromBytes(request.ToByteArray(), ClientMetadata.Empty, spans);
    }
}
