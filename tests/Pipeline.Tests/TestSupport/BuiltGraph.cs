using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Tests.TestSupport;

/// <summary>A service graph built from YAML over the test components, with their shared lifecycle log and factories.</summary>
public sealed record BuiltGraph(PipelineGraph Graph, LifecycleLog Log, TestProcessorFactory Processors, TestConnectorFactory Connectors)
{
    /// <summary>Builds the graph of a config that must be valid.</summary>
    public static BuiltGraph Of(string yaml)
    {
        var log = new LifecycleLog();
        var processors = new TestProcessorFactory(log);
        var connectors = new TestConnectorFactory(log);
        var config = ConfigHelper.ParseValid(yaml, ConfigHelper.Registry(log, processors, connectors));
        return new BuiltGraph(PipelineGraph.Build(config, NullLoggerFactory.Instance, CollectorMeter.None), log, processors, connectors);
    }

    /// <summary>Parses a component id written as in configs.</summary>
    public static ComponentId Id(string text)
    {
        Assert.True(ComponentId.TryParse(text, out var id, out var error), error);
        return id;
    }

    public TestReceiver Receiver(string id) => Assert.IsType<TestReceiver>(Graph.Receivers[Id(id)]);

    public TestExporter Exporter(string id) => Assert.IsType<TestExporter>(Graph.Exporters[Id(id)]);
}
