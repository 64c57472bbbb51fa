using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Connectors.SpanMetrics;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.SpanMetrics;

/// <summary>
/// A spanmetrics connector built through its factory from YAML, feeding a recording consumer through
/// <see cref="ConnectorTargets"/>, on a fake clock: tests send trace requests and move the clock one flush interval.
/// </summary>
internal sealed class SpanMetricsHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private SpanMetricsHarness(string yaml)
    {
        var errors = new ConfigErrors();
        var section = yaml.Length == 0
            ? new ConfigSection(null, "connectors::spanmetrics", errors)
            : ConfigHelper.Section(yaml, "connectors::spanmetrics", errors);
        var factory = new SpanMetricsConnectorFactory();
        Options = (SpanMetricsOptions)factory.BindOptions(section, "spanmetrics");
        Assert.True(errors.IsEmpty, string.Join(Environment.NewLine, errors.Items));
        var context = new ComponentContext(new ComponentId("spanmetrics", string.Empty), ComponentKind.Connector, NullLoggerFactory.Instance) { Time = Time, Meter = Meter };
        Connector = factory.Create(context, Options, factory.Pairs[0], new ConnectorTargets([new("metrics", Sink)]));
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public CollectorMeter Meter { get; } = new();

    public RecordingConsumer Sink { get; } = new();

    public SpanMetricsOptions Options { get; }

    public IConnector Connector { get; }

    public static async Task<SpanMetricsHarness> StartAsync(string yaml = "")
    {
        var harness = new SpanMetricsHarness(yaml);
        await harness.Connector.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Unix nanoseconds of the fake clock now.</summary>
    public ulong NowNanos => (ulong)((Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100);

    public async Task SendAsync(ExportTraceServiceRequest traces)
    {
        // As a receiver hands it on: bytes, decoded by the connector.
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, Google.Protobuf.MessageExtensions.ToByteArray(traces));
        var result = await Connector.ConsumeAsync(request, CancellationToken.None);
        Assert.Equal(ConsumeOutcome.Accepted, result.Outcome);
    }

    /// <summary>Moves the clock one flush interval and returns what that flush sent.</summary>
    public async Task<ExportMetricsServiceRequest> FlushAsync()
    {
        int before = Sink.Received.Count;
        Time.Advance(Options.MetricsFlushInterval);
        await Sink.WaitUntilAsync(r => r.Count > before);
        var sent = Sink.Received[before];
        Assert.Equal(Signal.Metrics, sent.Signal);
        return (ExportMetricsServiceRequest)sent.Model;
    }

    /// <summary>The one metric named <paramref name="name"/> over every resource of a flush (it must exist in exactly one resource).</summary>
    public static Metric Metric(ExportMetricsServiceRequest metrics, string name)
        => Assert.Single(metrics.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics), m => m.Name == name);

    /// <summary>A data point's attributes as text (strings as they are, others as their JSON-ish text).</summary>
    public static Dictionary<string, string> Texts(IEnumerable<KeyValue> attributes)
        => attributes.ToDictionary(a => a.Key, a => a.Value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => a.Value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => a.Value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => a.Value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => a.Value.ToString(),
        });

    public async ValueTask DisposeAsync()
    {
        await Connector.ShutdownAsync(CancellationToken.None);
        Meter.Dispose();
    }
}
