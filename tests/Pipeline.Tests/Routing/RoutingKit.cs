using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Connectors.Routing;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Tests.Routing;

/// <summary>Binds routing connector configs from YAML and builds the connector through its factory over recording pipelines.</summary>
internal static class RoutingKit
{
    public const string Path = "connectors::routing";

    public static (RoutingOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<RoutingOptions>(new RoutingConnectorFactory(), yaml, Path);
    }

    public static RoutingOptions BindValid(string yaml)
    {
        var (options, errors) = Bind(yaml);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return options;
    }

    public static string ErrorsOf(string yaml) => string.Join(Environment.NewLine, Bind(yaml).Errors);

    /// <summary>A routing connector for <paramref name="signal"/> feeding a recording pipeline for each name.</summary>
    public static (IConnector Connector, Dictionary<string, RecordingConsumer> Pipelines) Build(string yaml, Signal signal, string[] pipelines, CollectorMeter? meter = null, Func<string, RecordingConsumer>? make = null)
    {
        var recording = pipelines.ToDictionary(p => p, p => make?.Invoke(p) ?? new RecordingConsumer());
        var targets = new ConnectorTargets(recording.Select(p => KeyValuePair.Create(p.Key, (IConsumer)p.Value)));
        var context = new ComponentContext(new ComponentId("routing", string.Empty), ComponentKind.Connector, NullLoggerFactory.Instance) { Meter = meter ?? CollectorMeter.None };
        var connector = new RoutingConnectorFactory().Create(context, BindValid(yaml), new SignalPair(signal, signal), targets);
        return (connector, recording);
    }
}
