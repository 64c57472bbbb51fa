using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Attributes;
using MiniCollector.Processors.Resource;
using static MiniCollector.Pipeline.Tests.Attributes.AttributesKit;

namespace MiniCollector.Pipeline.Tests.Attributes;

/// <summary>
/// The attributes and resource processors as consumers: they declare that they mutate, pass a request nothing applied
/// to on with its received bytes, re-encode a changed one, and in a fan-out change only their own copy.
/// </summary>
public sealed class AttributesProcessorTests
{
    private const string Upsert = "actions: [{key: env, value: prod, action: upsert}]";

    [Theory]
    [InlineData(Signal.Traces)]
    [InlineData(Signal.Metrics)]
    [InlineData(Signal.Logs)]
    public void Both_processors_declare_that_they_mutate_data_for_every_signal(Signal signal)
    {
        Assert.True(new AttributesProcessorFactory().Create(Context(), BindValid(Upsert), signal, new RecordingConsumer()).MutatesData);
        var resource = BindResource("attributes: [{key: k, value: v, action: upsert}]").Options;
        Assert.True(new ResourceProcessorFactory().Create(Context("resource"), resource, signal, new RecordingConsumer()).MutatesData);
    }

    [Fact]
    public void A_request_nothing_applies_to_goes_on_with_its_received_bytes()
    {
        var received = Traces(Span("a", [Kv("x", 1L)])).ToByteArray();
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, received);

        var output = Process("actions: [{key: absent, action: delete}]", request);

        Assert.Same(request, output);
        Assert.True(output.Bytes.Span.SequenceEqual(received));
        Assert.True(MemoryMarshalEquals(output.Bytes, received), "the received buffer itself should be passed on, not a re-encoding");
    }

    [Fact]
    public void A_changed_request_is_encoded_from_the_changed_model()
    {
        var request = Request(Traces(Span("a", [Kv("x", 1L)])));
        _ = request.Bytes;

        var output = Process(Upsert, request);

        var decoded = ExportTraceServiceRequest.Parser.ParseFrom(output.Bytes.Span);
        Assert.Contains(decoded.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes, kv => kv.Key == "env" && kv.Value.StringValue == "prod");
        Assert.Equal(output.Bytes.Length, output.ByteLength);
        Assert.Equal(1, output.ItemCount);
    }

    [Fact]
    public void A_merged_request_is_encoded_whole_after_a_change()
    {
        var parts = new[] { Request(Traces(Span("a", []))), Request(Traces(Span("b", []))) };
        var merged = TracesKind.Instance.Concat(parts, ClientMetadata.Empty);

        var output = Process(Upsert, merged);

        var decoded = ExportTraceServiceRequest.Parser.ParseFrom(output.Bytes.Span);
        Assert.Equal(2, decoded.ResourceSpans.Count);
        Assert.All(decoded.ResourceSpans, r => Assert.Contains(r.ScopeSpans[0].Spans[0].Attributes, kv => kv.Key == "env"));
        var segments = new List<ReadOnlyMemory<byte>>();
        output.AddSegments(segments);
        Assert.True(Assert.Single(segments).Span.SequenceEqual(output.Bytes.Span));
    }

    [Fact]
    public async Task In_a_fan_out_only_the_mutating_branch_sees_the_change()
    {
        var changed = new RecordingConsumer();
        var untouched = new RecordingConsumer();
        var processor = new AttributesProcessorFactory().Create(Context(), BindValid(Upsert), Signal.Traces, changed);
        var received = Traces(Span("a", [])).ToByteArray();
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, received);

        await FanOutConsumer.Of([processor, untouched]).ConsumeAsync(request, CancellationToken.None);

        Assert.Contains("env", SpanAttributes(Assert.Single(changed.Received))["a"].Keys);
        var original = Assert.Single(untouched.Received);
        Assert.Same(request, original);
        Assert.True(original.Bytes.Span.SequenceEqual(received));
        Assert.Empty(SpanAttributes(original)["a"]);
    }

    [Fact]
    public async Task The_resource_processor_changes_every_resource_of_every_signal()
    {
        var options = BindResource("""
            attributes:
              - {key: cloud.zone, value: zone-1, action: upsert}
              - {key: k8s.cluster.name, from_attribute: cluster, action: insert}
              - {key: cluster, action: delete}
            """).Options;

        TelemetryRequest[] requests =
        [
            Request(Traces(Resource(Kv("cluster", "c1")), null, Span("a", []))),
            Request(Metrics(Resource(Kv("cluster", "c1")), new Metric { Name = "m", Gauge = new Gauge { DataPoints = { new NumberDataPoint() } } })),
            Request(Logs(null, Log("l", SeverityNumber.Info, "INFO"))),
        ];

        foreach (var request in requests)
        {
            var next = new RecordingConsumer();
            await new ResourceProcessorFactory().Create(Context("resource"), options, request.Signal, next).ConsumeAsync(request, CancellationToken.None);
            var output = Assert.Single(next.Received);
            var resource = request.Signal switch
            {
                Signal.Traces => ExportTraceServiceRequest.Parser.ParseFrom(output.Bytes.Span).ResourceSpans[0].Resource,
                Signal.Metrics => MiniCollector.Otlp.Collector.Metrics.ExportMetricsServiceRequest.Parser.ParseFrom(output.Bytes.Span).ResourceMetrics[0].Resource,
                _ => MiniCollector.Otlp.Collector.Logs.ExportLogsServiceRequest.Parser.ParseFrom(output.Bytes.Span).ResourceLogs[0].Resource,
            };
            var attributes = resource.Attributes.ToDictionary(kv => kv.Key, kv => kv.Value.StringValue);
            Assert.Equal("zone-1", attributes["cloud.zone"]);
            Assert.False(attributes.ContainsKey("cluster"));
            if (request.Signal != Signal.Logs)
            {
                Assert.Equal("c1", attributes["k8s.cluster.name"]);
            }
        }
    }

    [Fact]
    public async Task The_resource_processor_leaves_span_attributes_and_an_unmatched_request_alone()
    {
        var options = BindResource("attributes: [{key: absent, action: delete}]").Options;
        var received = Traces(Span("a", [Kv("absent", "span-level")])).ToByteArray();
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, received);
        var next = new RecordingConsumer();

        await new ResourceProcessorFactory().Create(Context("resource"), options, Signal.Traces, next).ConsumeAsync(request, CancellationToken.None);

        Assert.True(MemoryMarshalEquals(Assert.Single(next.Received).Bytes, received));
    }

    private static bool MemoryMarshalEquals(ReadOnlyMemory<byte> memory, byte[] array)
        => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment) && ReferenceEquals(segment.Array, array);
}
