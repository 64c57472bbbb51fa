using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Graph;

/// <summary>The tap after each receiver: present only when an extension taps, shown only accepted requests.</summary>
public sealed class TapConsumerTests
{
    private static readonly ComponentId Receiver = new("otlp", string.Empty);

    private const string Config = """
        receivers: {testrcv: {}}
        exporters: {testexp: {}}
        extensions: {tap: {}}
        service:
          extensions: [tap]
          pipelines:
            traces: {receivers: [testrcv], exporters: [testexp]}
        """;

    [Fact]
    public async Task Accepted_requests_are_shown_to_a_capturing_tap_after_the_pipeline_took_them()
    {
        var next = new RecordingConsumer();
        var tap = new RecordingTap { IsCapturing = true };
        var consumer = new TapConsumer(Receiver, next, [tap]);
        var request = TracesKind.Instance.FromBytes(new byte[] { 0x0a, 0x00 }, ClientMetadata.Empty, 0);

        await consumer.ConsumeAsync(request, CancellationToken.None);

        Assert.Equal([(Receiver, (TelemetryRequest)request)], tap.Seen);
        Assert.Single(next.Received);
    }

    [Fact]
    public async Task Refused_requests_and_a_tap_that_is_not_capturing_see_nothing()
    {
        var next = new RecordingConsumer();
        var capturing = new RecordingTap { IsCapturing = true };
        var idle = new RecordingTap { IsCapturing = false };
        var consumer = new TapConsumer(Receiver, next, [capturing, idle]);
        var request = TracesKind.Instance.FromBytes(new byte[] { 0x0a, 0x00 }, ClientMetadata.Empty, 0);

        await consumer.ConsumeAsync(request, CancellationToken.None);
        next.RefuseAll();
        await consumer.ConsumeAsync(request, CancellationToken.None);

        Assert.Single(capturing.Seen);
        Assert.Empty(idle.Seen);
    }

    [Fact]
    public void The_graph_taps_receivers_only_when_an_extension_taps()
    {
        var withTap = PipelineGraph.Build(ConfigHelper.ParseValid(Config, Registry(new TapFactory())), NullLoggerFactory.Instance, CollectorMeter.None);
        var withoutTap = PipelineGraph.Build(
            ConfigHelper.ParseValid(Config.Replace("tap", "testext", StringComparison.Ordinal), Registry(new TestExtensionFactory())),
            NullLoggerFactory.Instance, CollectorMeter.None);

        Assert.IsType<TapConsumer>(Consumer(withTap));
        Assert.IsNotType<TapConsumer>(Consumer(withoutTap));
    }

    private static ComponentRegistry Registry(ExtensionFactory extension)
        => new([new TestReceiverFactory(), new TestExporterFactory(), extension]);

    // Behind the reloadable consumer every receiver is given, what it feeds now.
    private static object? Consumer(PipelineGraph graph)
        => Assert.IsType<ReloadableConsumer>(Assert.IsType<TestReceiver>(graph.Receivers[new ComponentId("testrcv", string.Empty)]).Consumers.For(Signal.Traces)).Current;

    private sealed class RecordingTap : ITelemetryTap, IComponent
    {
        public bool IsCapturing { get; init; }

        public List<(ComponentId, TelemetryRequest)> Seen { get; } = [];

        public void Observe(ComponentId receiver, TelemetryRequest request) => Seen.Add((receiver, request));

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class TapFactory() : ExtensionFactory("tap", (_, _) => new object())
    {
        public override IComponent Create(ComponentContext context, object options) => new RecordingTap();
    }
}
