using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Graph;

/// <summary>Building, starting and stopping the service graph, and how data flows through it.</summary>
public sealed class PipelineGraphTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    private static BuiltGraph Build(string yaml) => BuiltGraph.Of(yaml);

    private static TelemetryRequest<ExportTraceServiceRequest> Traces(int spans = 2, string service = "svc")
        => TracesKind.Instance.FromModel(TracesCase.Instance.Build(R(service, S("scope", spans))));

    private static TelemetryRequest<ExportLogsServiceRequest> Logs(int records = 2)
        => LogsKind.Instance.FromModel(LogsCase.Instance.Build(R("svc", S("scope", records))));

    private static async Task<ConsumeResult> Push(IConsumer? consumer, TelemetryRequest request)
    {
        Assert.NotNull(consumer);
        return await consumer.ConsumeAsync(request, CancellationToken.None).AsTask().WaitAsync(HangGuard);
    }

    private static IReadOnlyList<string> SpanNames(TelemetryRequest request)
        => [.. ((ExportTraceServiceRequest)request.Model).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name)];

    private const string TwoPipelines = """
        receivers: { testrcv: , testrcv/2: , testrcv/unused: }
        processors: { testproc/a: , testproc/b: , testproc/c: , testproc/unused: }
        exporters: { testexp: , testexp/2: , testexp/unused: }
        extensions: { testext: }
        service:
          extensions: [testext]
          pipelines:
            traces:
              receivers: [testrcv]
              processors: [testproc/a, testproc/b]
              exporters: [testexp]
            logs:
              receivers: [testrcv, testrcv/2]
              processors: [testproc/c]
              exporters: [testexp, testexp/2]
        """;

    [Fact]
    public async Task Starts_exporters_then_processors_then_receivers_and_stops_in_reverse()
    {
        var built = Build(TwoPipelines);

        await built.Graph.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        var starts = built.Log.Starts;
        await built.Graph.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        var stops = built.Log.Stops;

        string[] everything =
        [
            "extension/testext", "exporter/testexp", "exporter/testexp/2", "processor/testproc/a", "processor/testproc/b",
            "processor/testproc/c", "receiver/testrcv", "receiver/testrcv/2",
        ];
        Assert.Equal(everything.Order(StringComparer.Ordinal), starts.Order(StringComparer.Ordinal));

        int Last(string kind) => starts.ToList().FindLastIndex(s => s.StartsWith(kind, StringComparison.Ordinal));
        int First(string kind) => starts.ToList().FindIndex(s => s.StartsWith(kind, StringComparison.Ordinal));
        Assert.Equal(0, First("extension/"));
        Assert.True(Last("exporter/") < First("processor/"), string.Join(", ", starts));
        Assert.True(Last("processor/") < First("receiver/"), string.Join(", ", starts));

        // Within a pipeline, a processor starts after the one it feeds.
        Assert.True(starts.ToList().IndexOf("processor/testproc/b") < starts.ToList().IndexOf("processor/testproc/a"));

        Assert.Equal(starts.Reverse(), stops);
    }

    [Fact]
    public async Task Shutdown_twice_stops_each_component_once()
    {
        var built = Build(TwoPipelines);
        await built.Graph.StartAsync(CancellationToken.None).WaitAsync(HangGuard);

        await built.Graph.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        await built.Graph.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(8, built.Log.Stops.Count);
    }

    [Fact]
    public void Unused_components_are_not_built()
    {
        var built = Build(TwoPipelines);

        Assert.Equal(["testrcv", "testrcv/2"], built.Graph.Receivers.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["testexp", "testexp/2"], built.Graph.Exporters.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(3, built.Processors.Created.Count);
        Assert.DoesNotContain(built.Processors.Created, p => p.Context.Id.Name == "unused");
        Assert.Equal([BuiltGraph.Id("testext")], built.Graph.Extensions.Select(e => e.Id));
    }

    [Fact]
    public async Task A_failed_start_stops_what_already_started_and_rethrows()
    {
        var built = Build("""
            receivers: { testrcv: }
            exporters: { testexp: , testexp/bad: { fail_start: true } }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp, testexp/bad]
            """);

        var ex = await Assert.ThrowsAsync<ComponentStartException>(() => built.Graph.StartAsync(CancellationToken.None).WaitAsync(HangGuard));

        Assert.Contains("testexp/bad", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["exporter/testexp"], built.Log.Starts);
        Assert.Equal(["exporter/testexp"], built.Log.Stops);
    }

    [Fact]
    public async Task One_exporter_instance_serves_every_pipeline_that_lists_it()
    {
        var built = Build(TwoPipelines);
        var receiver = built.Receiver("testrcv");

        await Push(receiver.Consumers.For(Signal.Traces), Traces());
        await Push(receiver.Consumers.For(Signal.Logs), Logs());

        Assert.Equal(2, built.Graph.Exporters.Count);
        var shared = built.Exporter("testexp");
        Assert.Equal([Signal.Traces, Signal.Logs], shared.Recorder.Received.Select(r => r.Signal));
        Assert.Equal([Signal.Logs], built.Exporter("testexp/2").Recorder.Received.Select(r => r.Signal));
    }

    [Fact]
    public async Task A_receiver_gets_one_consumer_per_signal_it_serves()
    {
        var built = Build(TwoPipelines);

        // Every signal has a consumer (a reload may add a pipeline for it); only those a pipeline takes are served.
        Assert.True(built.Receiver("testrcv").Consumers.Serves(Signal.Traces));
        Assert.True(built.Receiver("testrcv").Consumers.Serves(Signal.Logs));
        Assert.False(built.Receiver("testrcv").Consumers.Serves(Signal.Metrics));
        Assert.False(built.Receiver("testrcv/2").Consumers.Serves(Signal.Traces));

        await Push(built.Receiver("testrcv/2").Consumers.For(Signal.Logs), Logs(3));

        Assert.Equal(3, built.Exporter("testexp").Recorder.TotalItems);
        Assert.Equal(3, built.Exporter("testexp/2").Recorder.TotalItems);
    }

    [Fact]
    public async Task A_receiver_in_two_pipelines_of_one_signal_feeds_both()
    {
        var built = Build("""
            receivers: { testrcv: }
            exporters: { testexp/a: , testexp/b: }
            service:
              pipelines:
                traces/a:
                  receivers: [testrcv]
                  exporters: [testexp/a]
                traces/b:
                  receivers: [testrcv]
                  exporters: [testexp/b]
            """);
        var request = Traces(3);

        var result = await Push(built.Receiver("testrcv").Consumers.For(Signal.Traces), request);

        Assert.True(result.IsAccepted);
        Assert.Same(request, Assert.Single(built.Exporter("testexp/a").Recorder.Received));
        Assert.Same(request, Assert.Single(built.Exporter("testexp/b").Recorder.Received));
    }

    [Fact]
    public async Task A_refusal_in_one_pipeline_is_what_the_receiver_sees()
    {
        var built = Build("""
            receivers: { testrcv: }
            exporters: { testexp/a: , testexp/b: }
            service:
              pipelines:
                traces/a:
                  receivers: [testrcv]
                  exporters: [testexp/a]
                traces/b:
                  receivers: [testrcv]
                  exporters: [testexp/b]
            """);
        built.Exporter("testexp/b").Recorder.RefuseAll("queue full");

        var result = await Push(built.Receiver("testrcv").Consumers.For(Signal.Traces), Traces());

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal("queue full", result.Message);
    }

    [Fact]
    public async Task Processors_are_built_per_pipeline()
    {
        var built = Build("""
            receivers: { testrcv: }
            processors: { testproc: }
            exporters: { testexp/t1: , testexp/t2: , testexp/l: }
            service:
              pipelines:
                traces/one:
                  receivers: [testrcv]
                  processors: [testproc]
                  exporters: [testexp/t1]
                traces/two:
                  receivers: [testrcv]
                  processors: [testproc]
                  exporters: [testexp/t2]
                logs:
                  receivers: [testrcv]
                  processors: [testproc]
                  exporters: [testexp/l]
            """);

        var created = built.Processors.Created;
        Assert.Equal(3, created.Count);
        Assert.Equal(3, created.Distinct().Count());
        Assert.All(created, p => Assert.Equal(BuiltGraph.Id("testproc"), p.Context.Id));
        Assert.Equal([Signal.Traces, Signal.Traces, Signal.Logs], created.Select(p => p.Signal));
        Assert.Equal(3, created.Select(p => p.Next).Distinct().Count());

        // Each processor feeds its own pipeline's exporter (through the exporter's self-telemetry counter).
        Assert.Same(built.Exporter("testexp/t1"), Assert.IsType<MiniCollector.Pipeline.Telemetry.ExporterTelemetry>(created[0].Next).Exporter);
        Assert.Same(built.Exporter("testexp/l"), Assert.IsType<MiniCollector.Pipeline.Telemetry.ExporterTelemetry>(created[2].Next).Exporter);

        await Push(built.Receiver("testrcv").Consumers.For(Signal.Logs), Logs(4));

        Assert.Equal(4, built.Exporter("testexp/l").Recorder.TotalItems);
        Assert.Empty(built.Exporter("testexp/t1").Recorder.Received);
        Assert.Empty(built.Exporter("testexp/t2").Recorder.Received);
    }

    [Fact]
    public async Task In_an_exporter_fan_out_the_mutating_exporter_gets_a_copy_and_readers_share_the_original()
    {
        var built = Build("""
            receivers: { testrcv: }
            exporters: { testexp/r1: , testexp/mut: { mutates: true }, testexp/r2: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp/r1, testexp/mut, testexp/r2]
            """);
        var request = Traces(2);

        await Push(built.Receiver("testrcv").Consumers.For(Signal.Traces), request);

        Assert.Same(request, Assert.Single(built.Exporter("testexp/r1").Recorder.Received));
        Assert.Same(request, Assert.Single(built.Exporter("testexp/r2").Recorder.Received));
        var copy = Assert.Single(built.Exporter("testexp/mut").Recorder.Received);
        Assert.NotSame(request, copy);
        Assert.All(SpanNames(copy), n => Assert.EndsWith(Mutation.Suffix, n, StringComparison.Ordinal));
        Assert.Equal(["svc/scope/0", "svc/scope/1"], SpanNames(request));
    }

    [Fact]
    public async Task A_mutating_first_processor_gets_its_own_copy_when_a_receiver_feeds_two_pipelines()
    {
        var built = Build("""
            receivers: { testrcv: }
            processors: { testproc/mut: { mutates: true } }
            exporters: { testexp/a: , testexp/b: }
            service:
              pipelines:
                traces/a:
                  receivers: [testrcv]
                  processors: [testproc/mut]
                  exporters: [testexp/a]
                traces/b:
                  receivers: [testrcv]
                  exporters: [testexp/b]
            """);
        var request = Traces(2);

        await Push(built.Receiver("testrcv").Consumers.For(Signal.Traces), request);

        Assert.All(SpanNames(Assert.Single(built.Exporter("testexp/a").Recorder.Received)), n => Assert.EndsWith(Mutation.Suffix, n, StringComparison.Ordinal));
        Assert.Same(request, Assert.Single(built.Exporter("testexp/b").Recorder.Received));
        Assert.Equal(["svc/scope/0", "svc/scope/1"], SpanNames(request));
    }

    [Fact]
    public async Task A_mutating_exporter_behind_a_processor_gets_its_own_copy_when_a_receiver_feeds_two_pipelines()
    {
        // Pipeline a: a read-only processor, then an exporter that mutates. Pipeline b only reads.
        // The mutation must not reach pipeline b (the reference collector folds exporter and processor
        // MutatesData into each pipeline's first consumer for exactly this reason).
        var built = Build("""
            receivers: { testrcv: }
            processors: { testproc: }
            exporters: { testexp/mut: { mutates: true }, testexp/reader: }
            service:
              pipelines:
                traces/a:
                  receivers: [testrcv]
                  processors: [testproc]
                  exporters: [testexp/mut]
                traces/b:
                  receivers: [testrcv]
                  exporters: [testexp/reader]
            """);
        var request = Traces(2);

        await Push(built.Receiver("testrcv").Consumers.For(Signal.Traces), request);

        var mutated = Assert.Single(built.Exporter("testexp/mut").Recorder.Received);
        var read = Assert.Single(built.Exporter("testexp/reader").Recorder.Received);
        Assert.NotSame(read, mutated);
        Assert.Equal(["svc/scope/0", "svc/scope/1"], SpanNames(read));
    }

    [Fact]
    public async Task A_mutating_second_processor_gets_its_own_copy_when_a_receiver_feeds_two_pipelines()
    {
        var built = Build("""
            receivers: { testrcv: }
            processors: { testproc/pass: , testproc/mut: { mutates: true } }
            exporters: { testexp/a: , testexp/b: }
            service:
              pipelines:
                traces/a:
                  receivers: [testrcv]
                  processors: [testproc/pass, testproc/mut]
                  exporters: [testexp/a]
                traces/b:
                  receivers: [testrcv]
                  exporters: [testexp/b]
            """);
        var request = Traces(2);

        await Push(built.Receiver("testrcv").Consumers.For(Signal.Traces), request);

        Assert.All(SpanNames(Assert.Single(built.Exporter("testexp/a").Recorder.Received)), n => Assert.EndsWith(Mutation.Suffix, n, StringComparison.Ordinal));
        Assert.Equal(["svc/scope/0", "svc/scope/1"], SpanNames(Assert.Single(built.Exporter("testexp/b").Recorder.Received)));
    }

    [Fact]
    public async Task Shutdown_flushes_batches_into_exporters_before_they_stop()
    {
        var built = Build("""
            receivers: { testrcv: }
            processors:
              batch:
                timeout: 1h
                send_batch_size: 1000
            exporters: { testexp: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  processors: [batch]
                  exporters: [testexp]
            """);
        await built.Graph.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        var consumer = built.Receiver("testrcv").Consumers.For(Signal.Traces)!;

        // Answered once buffered, long before the batch goes out.
        Assert.True((await consumer.ConsumeAsync(Traces(2), CancellationToken.None)).IsAccepted);
        Assert.True((await consumer.ConsumeAsync(Traces(3), CancellationToken.None)).IsAccepted);
        Assert.Equal(0, built.Exporter("testexp").Recorder.TotalItems);

        await built.Graph.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(5, built.Exporter("testexp").Recorder.TotalItems);
        var events = built.Log.Events.ToList();
        Assert.True(events.IndexOf("consume exporter/testexp") < events.IndexOf("stop exporter/testexp"), string.Join(", ", events));
    }
}
