using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>How the config parser reads connectors and checks their use, with the reference's messages.</summary>
public sealed class ConnectorConfigTests
{
    private static string Messages(IEnumerable<ConfigError> errors) => string.Join(Environment.NewLine, errors.Select(e => e.Message));

    private static ConfigError SingleError(string yaml)
    {
        var (_, errors) = ConfigHelper.Parse(yaml);
        return Assert.Single(errors);
    }

    [Fact]
    public void Connectors_named_in_pipelines_are_kept_apart_from_receivers_and_exporters()
    {
        var config = ConfigHelper.ParseValid("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors: { testconn: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp, testconn]
                metrics:
                  receivers: [testconn]
                  exporters: [testexp]
            """);

        var traces = config.Pipelines.Single(p => p.Name == "traces");
        var metrics = config.Pipelines.Single(p => p.Name == "metrics");
        Assert.Equal(["testexp"], traces.Exporters.Select(id => id.ToString()));
        Assert.Equal(["testconn"], traces.ConnectorsOut.Select(id => id.ToString()));
        Assert.Empty(metrics.Receivers);
        Assert.Equal(["testconn"], metrics.ConnectorsIn.Select(id => id.ToString()));
        Assert.Equal(["testexp", "testconn"], traces.Destinations.Select(id => id.ToString()));
        Assert.Equal(ComponentKind.Connector, config.Components.Keys.Single(k => k.Id.ToString() == "testconn").Kind);
    }

    [Fact]
    public void A_connector_used_only_as_an_exporter_is_an_error()
    {
        var error = SingleError("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors: { testconn: }
            service:
              pipelines:
                traces/in:
                  receivers: [testrcv]
                  exporters: [testconn]
                traces/2:
                  receivers: [testrcv]
                  exporters: [testconn]
            """);

        Assert.StartsWith("connector \"testconn\" used as exporter in [traces/in traces/2] pipeline but not used in any supported receiver pipeline", error.Message);
        Assert.Contains("it connects: traces → traces, traces → metrics, logs → logs", error.Message);
    }

    [Fact]
    public void A_connector_used_only_as_a_receiver_is_an_error()
    {
        var error = SingleError("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors: { testconn: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp]
                metrics:
                  receivers: [testconn]
                  exporters: [testexp]
            """);

        Assert.StartsWith("connector \"testconn\" used as receiver in [metrics] pipeline but not used in any supported exporter pipeline", error.Message);
    }

    [Fact]
    public void A_signal_pair_the_connector_does_not_support_is_an_error_on_both_sides()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors: { testconn: }
            service:
              pipelines:
                logs:
                  receivers: [testrcv]
                  exporters: [testconn]
                metrics:
                  receivers: [testconn]
                  exporters: [testexp]
            """);

        Assert.Equal(2, errors.Count);
        Assert.Contains("connector \"testconn\" used as exporter in [logs] pipeline but not used in any supported receiver pipeline", Messages(errors));
        Assert.Contains("connector \"testconn\" used as receiver in [metrics] pipeline but not used in any supported exporter pipeline", Messages(errors));
    }

    [Fact]
    public void An_unsupported_pair_beside_a_supported_one_is_skipped_not_an_error()
    {
        // traces → traces is supported, so the traces/out use is fine; testconn links nothing into logs from traces, and
        // its logs → logs use has its own exporter pipeline.
        var config = ConfigHelper.ParseValid("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors: { testconn: }
            service:
              pipelines:
                traces/in:
                  receivers: [testrcv]
                  exporters: [testconn]
                logs/in:
                  receivers: [testrcv]
                  exporters: [testconn]
                traces/out:
                  receivers: [testconn]
                  exporters: [testexp]
                logs/out:
                  receivers: [testconn]
                  exporters: [testexp]
            """);

        var id = config.Pipelines[0].ConnectorsOut[0];
        Assert.Equal(["traces/out"], ConnectorUse.Targets(config, id, Signals.Signal.Traces).SelectMany(t => t.Pipelines).Select(p => p.Name));
        Assert.Equal(["logs/out"], ConnectorUse.Targets(config, id, Signals.Signal.Logs).SelectMany(t => t.Pipelines).Select(p => p.Name));
    }

    [Fact]
    public void A_cycle_through_connectors_is_an_error_naming_the_path()
    {
        var error = SingleError("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors: { forward/ab: , forward/ba: }
            service:
              pipelines:
                traces/a:
                  receivers: [testrcv, forward/ba]
                  exporters: [forward/ab]
                traces/b:
                  receivers: [forward/ab]
                  exporters: [testexp, forward/ba]
            """);

        Assert.StartsWith("cycle detected: pipeline \"traces/a\" → connector \"forward/ab\" → pipeline \"traces/b\" → connector \"forward/ba\" → pipeline \"traces/a\"", error.Message);
    }

    [Fact]
    public void A_connector_sharing_its_id_with_an_exporter_is_ambiguous()
    {
        // As the reference's routing processor and routing connector: one type name of two kinds.
        var log = new LifecycleLog();
        var registry = new ComponentRegistry([.. ConfigHelper.Registry(log).Factories, new ExporterNamedForward(log)]);
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters: { forward/x: }
            connectors: { forward/x: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [forward/x]
            """, registry);

        var error = Assert.Single(errors, e => e.Path == "connectors::forward/x");
        Assert.Equal(
            "ambiguous ID: Found both \"forward/x\" exporter and \"forward/x\" connector. Change one of the components' IDs to eliminate ambiguity (e.g. rename \"forward/x\" connector to \"forward/x/connector\")",
            error.Message);
    }

    private sealed class ExporterNamedForward(LifecycleLog log) : ExporterFactory(new("forward", [MiniCollector.Pipeline.Signals.Signal.Traces]), (section, _) => TestOptions.Bind(section))
    {
        public override IExporter Create(ComponentContext context, object options) => new TestExporter(context, (TestOptions)options, log);
    }

    [Fact]
    public void A_connector_type_written_under_exporters_says_where_it_belongs()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters: { forward: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [forward]
            """);

        Assert.Contains(errors, e => e.Path == "exporters" && e.Message.Contains("\"forward\" is a connector: define it under connectors:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_connector_defined_and_not_used_is_a_warning_and_a_used_one_is_not()
    {
        var config = ConfigHelper.ParseValid("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors: { forward: , forward/unused: }
            service:
              pipelines:
                traces/in:
                  receivers: [testrcv]
                  exporters: [forward]
                traces/out:
                  receivers: [forward]
                  exporters: [testexp]
            """);

        var warning = Assert.Single(config.Warnings);
        Assert.Contains("connector \"forward/unused\" is defined but used in no pipeline", warning);
    }
}
