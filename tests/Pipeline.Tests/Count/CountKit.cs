using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Connectors.Count;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Count;

/// <summary>Binds count connector configs from YAML and builds the connector through its factory over recording metrics pipelines.</summary>
internal static class CountKit
{
    public const string Path = "connectors::count";

    /// <summary>The fake clock's start: 2026-01-02T03:04:05Z.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static ulong NowNanos => (ulong)(Now - DateTimeOffset.UnixEpoch).Ticks * 100;

    public static (CountOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        var errors = new ConfigErrors();
        var section = yaml.Length == 0 ? new ConfigSection(null, Path, errors) : ConfigHelper.Section(yaml, Path, errors);
        var options = (CountOptions)new CountConnectorFactory().BindOptions(section, "count");
        return (options, errors.Items);
    }

    public static CountOptions BindValid(string yaml)
    {
        var (options, errors) = Bind(yaml);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return options;
    }

    public static string ErrorsOf(string yaml) => string.Join(Environment.NewLine, Bind(yaml).Errors);

    /// <summary>A count connector for <paramref name="from"/> → metrics feeding one recording pipeline named <c>metrics</c>.</summary>
    public static (IConnector Connector, RecordingConsumer Metrics) Build(string yaml, Signal from, RecordingConsumer? metrics = null)
    {
        metrics ??= new RecordingConsumer();
        var targets = new ConnectorTargets([KeyValuePair.Create("metrics", (IConsumer)metrics)]);
        var context = new ComponentContext(new ComponentId("count", string.Empty), ComponentKind.Connector, NullLoggerFactory.Instance) { Time = new FakeTimeProvider(Now) };
        var connector = new CountConnectorFactory().Create(context, BindValid(yaml), new SignalPair(from, Signal.Metrics), targets);
        return (connector, metrics);
    }

    /// <summary>Counts one request; the count request the metrics pipeline received (asserting the answer was a success).</summary>
    public static async Task<ExportMetricsServiceRequest> CountedAsync(string yaml, TelemetryRequest request)
    {
        var (connector, metrics) = Build(yaml, request.Signal);
        var result = await connector.ConsumeAsync(request, CancellationToken.None);
        Assert.True(result.IsAccepted, result.Message);
        return (ExportMetricsServiceRequest)Assert.Single(metrics.Received).Model;
    }

    /// <summary>Every count metric of the request by resource index and name.</summary>
    public static Metric MetricOf(ExportMetricsServiceRequest counts, int resource, string name)
        => counts.ResourceMetrics[resource].ScopeMetrics.Single().Metrics.Single(m => m.Name == name);

    /// <summary>The points of a count metric as attribute text → count.</summary>
    public static Dictionary<string, long> Points(Metric metric)
        => metric.Sum.DataPoints.ToDictionary(p => string.Join(",", p.Attributes.Select(a => a.Key + "=" + Render(a.Value))), p => p.AsInt);

    /// <summary>A value as tests compare it: text as is, integers as i:N, doubles as d:X.</summary>
    public static string Render(MiniCollector.Otlp.Common.AnyValue value) => value.ValueCase switch
    {
        MiniCollector.Otlp.Common.AnyValue.ValueOneofCase.IntValue => "i:" + value.IntValue,
        MiniCollector.Otlp.Common.AnyValue.ValueOneofCase.DoubleValue => "d:" + value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.StringValue,
    };
}
