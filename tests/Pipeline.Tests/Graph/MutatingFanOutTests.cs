using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Attributes;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Graph;

/// <summary>
/// A processor that changes data works on its own copy when a receiver feeds several pipelines; the pipelines without
/// one keep the received request, bytes and all (nothing decoded or encoded again for them).
/// </summary>
public sealed class MutatingFanOutTests
{
    [Fact]
    public async Task Only_the_pipeline_with_a_changing_processor_gets_a_copy_and_the_other_forwards_the_received_bytes()
    {
        var log = new LifecycleLog();
        var registry = new ComponentRegistry([.. ConfigHelper.Registry(log).Factories, new AttributesProcessorFactory()]);
        var config = ConfigHelper.ParseValid("""
            receivers: { testrcv: }
            processors:
              attributes:
                actions: [{key: env, value: prod, action: upsert}]
            exporters: { testexp/changed: , testexp/asis: }
            service:
              pipelines:
                traces/changed:
                  receivers: [testrcv]
                  processors: [attributes]
                  exporters: [testexp/changed]
                traces/asis:
                  receivers: [testrcv]
                  exporters: [testexp/asis]
            """, registry);
        var graph = PipelineGraph.Build(config, NullLoggerFactory.Instance, CollectorMeter.None);
        var received = TracesCase.Instance.Build(R("svc", S("scope", 3))).ToByteArray();
        var request = TracesKind.Instance.FromBytes(received);

        var consumer = ((TestReceiver)graph.Receivers.Single().Value).Consumers.For(Signals.Signal.Traces)!;
        var result = await consumer.ConsumeAsync(request, CancellationToken.None);

        Assert.True(result.IsAccepted);
        var asIs = ((TestExporter)graph.Exporters.Single(e => e.Key.Name == "asis").Value).Recorder.Received.Single();
        var changed = ((TestExporter)graph.Exporters.Single(e => e.Key.Name == "changed").Value).Recorder.Received.Single();
        Assert.Same(request, asIs);
        Assert.True(asIs.Bytes.Span.SequenceEqual(received));
        Assert.NotSame(request, changed);
        var spans = ((ExportTraceServiceRequest)changed.Model).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).ToList();
        Assert.All(spans, span => Assert.Contains(span.Attributes, a => a.Key == "env" && a.Value.StringValue == "prod"));
        var original = ExportTraceServiceRequest.Parser.ParseFrom(asIs.Bytes.Span);
        Assert.DoesNotContain(original.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).SelectMany(s => s.Attributes), a => a.Key == "env");
    }
}
