using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Graph;

/// <summary>Connectors in the built graph: what they are given, how data and answers flow through them, start and stop order.</summary>
public sealed class ConnectorGraphTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    private sealed record Built(PipelineGraph Graph, LifecycleLog Log, TestConnectorFactory Connectors)
    {
        public TestReceiver Receiver(string id) => Assert.IsType<TestReceiver>(Graph.Receivers[Id(id)]);

        public TestExporter Exporter(string id) => Assert.IsType<TestExporter>(Graph.Exporters[Id(id)]);
    }

    private static ComponentId Id(string text)
    {
        Assert.True(ComponentId.TryParse(text, out var id, out var error), error);
        return id;
    }

    private static Built Build(string yaml)
    {
        var log = new LifecycleLog();
        var connectors = new TestConnectorFactory(log);
        var config = ConfigHelper.ParseValid(yaml, ConfigHelper.Registry(log, connectors: connectors));
        return new Built(PipelineGraph.Build(config, NullLoggerFactory.Instance, CollectorMeter.None), log, connectors);
    }

    private static TelemetryRequest<ExportTraceServiceRequest> Traces(int spans = 2)
        => TracesKind.Instance.FromModel(TracesCase.Instance.Build(R("svc", S("scope", spans))));

    private static async Task<ConsumeResult> Push(Built built, string receiver, TelemetryRequest request)
    {
        var consumer = built.Receiver(receiver).Consumers.For(request.Signal);
        Assert.NotNull(consumer);
        return await consumer.ConsumeAsync(request, CancellationToken.None).AsTask().WaitAsync(HangGuard);
    }

    private static IReadOnlyList<string> SpanNames(TelemetryRequest request)
        => [.. ((ExportTraceServiceRequest)request.Model).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name)];

    private const string ForwardChain = """
        receivers: { testrcv: }
        processors: { testproc/in: , testproc/out: { mutates: true } }
        exporters: { testexp/in: , testexp/out: }
        connectors: { forward: }
        service:
          pipelines:
            traces/in:
              receivers: [testrcv]
              processors: [testproc/in]
              exporters: [testexp/in, forward]
            traces/out:
              receivers: [forward]
              processors: [testproc/out]
              exporters: [testexp/out]
        """;

    [Fact]
    public async Task The_forward_connector_passes_one_pipelines_output_into_another()
    {
        var built = Build(ForwardChain);

        var result = await Push(built, "testrcv", Traces(3));

        Assert.True(result.IsAccepted);
        Assert.Equal(3, built.Exporter("testexp/in").Recorder.TotalItems);
        Assert.Equal(3, built.Exporter("testexp/out").Recorder.TotalItems);
        Assert.Single(built.Graph.Connectors);
    }

    [Fact]
    public async Task A_pipeline_fed_by_a_connector_that_changes_data_gets_its_own_copy()
    {
        var built = Build(ForwardChain);

        await Push(built, "testrcv", Traces(2));

        // traces/out's processor renames spans; traces/in's exporter, which shares the received request, must not see it.
        Assert.All(SpanNames(built.Exporter("testexp/in").Recorder.Received.Single()), name => Assert.DoesNotContain(Mutation.Suffix, name));
        Assert.All(SpanNames(built.Exporter("testexp/out").Recorder.Received.Single()), name => Assert.EndsWith(Mutation.Suffix, name));
    }

    [Fact]
    public async Task A_refusal_downstream_of_a_connector_reaches_the_receiver()
    {
        var built = Build(ForwardChain);
        built.Exporter("testexp/out").Recorder.RefuseAll("out is full");

        var result = await Push(built, "testrcv", Traces(2));

        Assert.False(result.IsAccepted);
        Assert.Contains("out is full", result.Message);
    }

    [Fact]
    public async Task One_connector_used_for_two_output_signals_has_one_instance_per_signal_pair()
    {
        var built = Build("""
            receivers: { testrcv: }
            exporters: { testexp/traces: , testexp/metrics: , testexp/metrics2: }
            connectors: { testconn: }
            service:
              pipelines:
                traces/in:
                  receivers: [testrcv]
                  exporters: [testconn]
                traces/out:
                  receivers: [testconn]
                  exporters: [testexp/traces]
                metrics/a:
                  receivers: [testconn]
                  exporters: [testexp/metrics]
                metrics/b:
                  receivers: [testconn]
                  exporters: [testexp/metrics2]
            """);

        await Push(built, "testrcv", Traces(4));

        Assert.Equal(
            [new SignalPair(Signal.Traces, Signal.Traces), new SignalPair(Signal.Traces, Signal.Metrics)],
            built.Connectors.Created.Select(c => c.Pair).OrderBy(p => p.To));
        var toMetrics = built.Connectors.Created.Single(c => c.Pair.To == Signal.Metrics);
        Assert.Equal(["metrics/a", "metrics/b"], toMetrics.Targets.Names);
        Assert.Equal(4, built.Exporter("testexp/traces").Recorder.TotalItems);
        foreach (var exporter in new[] { "testexp/metrics", "testexp/metrics2" })
        {
            var metrics = (ExportMetricsServiceRequest)built.Exporter(exporter).Recorder.Received.Single().Model;
            Assert.Equal(4, metrics.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Gauge.DataPoints[0].AsInt);
        }
    }

    [Fact]
    public void A_connector_is_given_each_pipeline_it_feeds_by_name()
    {
        var built = Build("""
            receivers: { testrcv: }
            exporters: { testexp/a: , testexp/b: }
            connectors: { testconn: }
            service:
              pipelines:
                traces/in:
                  receivers: [testrcv]
                  exporters: [testconn]
                traces/a:
                  receivers: [testconn]
                  exporters: [testexp/a]
                traces/b:
                  receivers: [testconn]
                  exporters: [testexp/b]
            """);

        var connector = built.Connectors.Created.Single();

        Assert.Equal(["traces/a", "traces/b"], connector.Targets.Names);
        Assert.NotNull(connector.Targets.For("traces/a"));
        Assert.Null(connector.Targets.For("traces/in"));
    }

    [Fact]
    public async Task Pipelines_chained_through_connectors_start_downstream_first_and_stop_upstream_first()
    {
        var built = Build("""
            receivers: { testrcv: }
            processors: { testproc/1: , testproc/2: , testproc/3: }
            exporters: { testexp: }
            connectors: { forward/12: , forward/23: }
            service:
              pipelines:
                traces/1:
                  receivers: [testrcv]
                  processors: [testproc/1]
                  exporters: [forward/12]
                traces/3:
                  receivers: [forward/23]
                  processors: [testproc/3]
                  exporters: [testexp]
                traces/2:
                  receivers: [forward/12]
                  processors: [testproc/2]
                  exporters: [forward/23]
            """);

        await built.Graph.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        var starts = built.Log.Starts;
        await built.Graph.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        // The forward connectors log nothing (they are the real ones); the processors show the order.
        Assert.Equal(["exporter/testexp", "processor/testproc/3", "processor/testproc/2", "processor/testproc/1", "receiver/testrcv"], starts);
        Assert.Equal(starts.Reverse(), built.Log.Stops);
        var order = built.Graph.StartOrder().Select(c => c.GetType().Name).ToList();
        Assert.Equal(["TestExporter", "TestProcessor", "ForwardConnector", "TestProcessor", "ForwardConnector", "TestProcessor", "TestReceiver"], order);

        var result = await Push(built, "testrcv", Traces(5));
        Assert.True(result.IsAccepted);
        Assert.Equal(5, built.Exporter("testexp").Recorder.TotalItems);
    }

    [Fact]
    public async Task A_test_connector_starts_after_the_pipelines_it_feeds_and_before_those_feeding_it()
    {
        var built = Build("""
            receivers: { testrcv: }
            processors: { testproc/in: , testproc/out: }
            exporters: { testexp: }
            connectors: { testconn: }
            service:
              pipelines:
                traces/in:
                  receivers: [testrcv]
                  processors: [testproc/in]
                  exporters: [testconn]
                metrics/out:
                  receivers: [testconn]
                  processors: [testproc/out]
                  exporters: [testexp]
            """);

        await built.Graph.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        await built.Graph.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(["exporter/testexp", "processor/testproc/out", "connector/testconn", "processor/testproc/in", "receiver/testrcv"], built.Log.Starts);
        Assert.Equal(["receiver/testrcv", "processor/testproc/in", "connector/testconn", "processor/testproc/out", "exporter/testexp"], built.Log.Stops);
    }
}
