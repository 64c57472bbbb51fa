using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Batch;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>Validation of a whole collector config: components, pipelines, service; every error reported at once.</summary>
public sealed class CollectorConfigParserTests
{
    private static ComponentId Id(string text)
    {
        Assert.True(ComponentId.TryParse(text, out var id, out var error), error);
        return id;
    }

    private static string Messages(IEnumerable<ConfigError> errors) => string.Join(Environment.NewLine, errors);

    [Fact]
    public void Valid_config_is_parsed_into_components_and_pipelines()
    {
        var config = ConfigHelper.ParseValid("""
            receivers:
              testrcv:
                endpoint: 0.0.0.0:4317
            processors:
              batch:
                send_batch_size: 100
                timeout: 1s
              batch/traces:
            exporters:
              testexp:
              testexp/second:
                endpoint: tempo:4317
            extensions:
              testext:
            service:
              extensions: [testext]
              telemetry:
                logs:
                  level: debug
              pipelines:
                traces:
                  receivers: [testrcv]
                  processors: [batch/traces, batch]
                  exporters: [testexp, testexp/second]
                logs:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        Assert.Equal(6, config.Components.Count);
        var batch = Assert.IsType<BatchOptions>(config.Get(ComponentKind.Processor, Id("batch")).Options);
        Assert.Equal(100, batch.SendBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(1), batch.Timeout);
        var batchTraces = Assert.IsType<BatchOptions>(config.Get(ComponentKind.Processor, Id("batch/traces")).Options);
        Assert.Equal(new BatchOptions().SendBatchSize, batchTraces.SendBatchSize);
        Assert.Equal("processors::batch/traces", config.Get(ComponentKind.Processor, Id("batch/traces")).Path);
        Assert.Equal("tempo:4317", Assert.IsType<TestOptions>(config.Get(ComponentKind.Exporter, Id("testexp/second")).Options).Endpoint);
        Assert.Equal("0.0.0.0:4317", Assert.IsType<TestOptions>(config.Get(ComponentKind.Receiver, Id("testrcv")).Options).Endpoint);

        Assert.Equal(2, config.Pipelines.Count);
        var traces = config.Pipelines[0];
        Assert.Equal("traces", traces.Name);
        Assert.Equal(Signal.Traces, traces.Signal);
        Assert.Equal([Id("testrcv")], traces.Receivers);
        Assert.Equal([Id("batch/traces"), Id("batch")], traces.Processors);
        Assert.Equal([Id("testexp"), Id("testexp/second")], traces.Exporters);
        Assert.Equal(Signal.Logs, config.Pipelines[1].Signal);
        Assert.Empty(config.Pipelines[1].Processors);
        Assert.Equal([Id("testext")], config.Extensions);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, config.LogLevel);
        Assert.Empty(config.Notices);
    }

    [Fact]
    public void Named_pipelines_of_the_same_signal_are_separate()
    {
        var config = ConfigHelper.ParseValid("""
            receivers: { testrcv: }
            exporters: { testexp: , testexp/2: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp]
                traces/custom:
                  receivers: [testrcv]
                  exporters: [testexp/2]
            """);

        Assert.Equal(["traces", "traces/custom"], config.Pipelines.Select(p => p.Name));
        Assert.All(config.Pipelines, p => Assert.Equal(Signal.Traces, p.Signal));
        Assert.Equal([Id("testexp/2")], config.Pipelines[1].Exporters);
    }

    [Fact]
    public void Unknown_component_type_is_one_error_listing_valid_values()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters:
              testexp:
              lorging:
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("exporters", error.Path);
        Assert.Equal("unknown type: \"lorging\" for id: \"lorging\" (valid values: metricsonly, testexp)", error.Message);
        Assert.Equal(new SourceLocation(ConfigHelper.Source, 4, 3), error.Location);
    }

    [Fact]
    public void Unknown_type_referenced_in_a_pipeline_is_not_reported_a_second_time()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers:
              testrcv:
              kafka/in:
            exporters: { testexp: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv, kafka/in]
                  exporters: [testexp]
                logs:
                  receivers: [kafka/in]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("unknown type: \"kafka\" for id: \"kafka/in\" (valid values: testrcv)", error.Message);
    }

    [Fact]
    public void Unknown_key_in_a_component_is_an_error_with_valid_keys()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters:
              testexp:
                endpont: x:1
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("exporters::testexp", error.Path);
        Assert.Equal("unknown key \"endpont\" (valid keys: endpoint, mutates, fail_start); did you mean \"endpoint\"?", error.Message);
        Assert.Equal(4, error.Location!.Value.Line);
    }

    [Fact]
    public void Wrong_value_type_in_the_batch_processor_names_the_full_path()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            processors:
              batch:
                send_batch_size: abc
            exporters: { testexp: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  processors: [batch]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("test.yaml:4:22: processors::batch::send_batch_size: expected an integer, found \"abc\"", error.ToString());
    }

    [Theory]
    [InlineData("receivers: [testrcv, foo]", "references receiver \"foo\" which is not configured (configured receivers: testrcv); define it under receivers:")]
    [InlineData("processors: [testproc]", "references processor \"testproc\" which is not configured (no processors are configured); define it under processors:")]
    [InlineData("exporters: [testexp, testexp/missing]", "references exporter \"testexp/missing\" which is not configured (configured exporters: testexp); define it under exporters:")]
    public void Pipeline_referencing_an_undefined_component_is_an_error(string line, string message)
    {
        var members = new Dictionary<string, string>
        {
            ["receivers"] = "receivers: [testrcv]",
            ["processors"] = "processors: []",
            ["exporters"] = "exporters: [testexp]",
        };
        members[line.Split(':')[0]] = line;

        var (_, errors) = ConfigHelper.Parse($$"""
            receivers: { testrcv: }
            exporters: { testexp: }
            service:
              pipelines:
                traces:
                  {{members["receivers"]}}
                  {{members["processors"]}}
                  {{members["exporters"]}}
            """);

        var error = Assert.Single(errors);
        Assert.Equal("service::pipelines::traces", error.Path);
        Assert.Equal(message, error.Message);
        Assert.EndsWith("service::pipelines::traces: " + message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Component_used_with_a_signal_it_does_not_support_is_an_error()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters: { testexp: , metricsonly: }
            service:
              pipelines:
                metrics:
                  receivers: [testrcv]
                  exporters: [testexp]
                traces:
                  receivers: [testrcv]
                  exporters: [metricsonly, testexp]
            """);

        Assert.Equal(
            [
                ("service::pipelines::metrics", "receiver \"testrcv\" does not support metrics (it supports: traces, logs)"),
                ("service::pipelines::traces", "exporter \"metricsonly\" does not support traces (it supports: metrics)"),
            ],
            errors.Select(e => (e.Path, e.Message)));
    }

    [Theory]
    [InlineData("service:\n  pipelines: {}\n")]
    [InlineData("service:\n  pipelines:\n")]
    [InlineData("service:\n  extensions: []\n")]
    public void Service_without_pipelines_is_an_error(string service)
    {
        var (_, errors) = ConfigHelper.Parse("receivers: { testrcv: }\nexporters: { testexp: }\n" + service);

        var error = Assert.Single(errors);
        Assert.Equal("service::pipelines", error.Path);
        Assert.Equal("service must have at least one pipeline", error.Message);
    }

    [Fact]
    public void Missing_service_section_is_an_error()
    {
        var (_, errors) = ConfigHelper.Parse("receivers: { testrcv: }\n");

        Assert.Equal("service", Assert.Single(errors).Path);
    }

    [Theory]
    [InlineData("traces:\n      exporters: [testexp]", "must have at least one receiver")]
    [InlineData("traces:\n      receivers: []\n      exporters: [testexp]", "must have at least one receiver")]
    [InlineData("traces:\n      receivers: [testrcv]", "must have at least one exporter")]
    [InlineData("traces:\n      receivers: [testrcv]\n      exporters: []", "must have at least one exporter")]
    public void Pipeline_without_receivers_or_exporters_is_an_error(string pipeline, string message)
    {
        var (_, errors) = ConfigHelper.Parse("receivers: { testrcv: }\nexporters: { testexp: }\nservice:\n  pipelines:\n    " + pipeline + "\n");

        var error = Assert.Single(errors);
        Assert.Equal("service::pipelines::traces", error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Empty_pipeline_is_missing_both_receivers_and_exporters()
    {
        var (_, errors) = ConfigHelper.Parse("receivers: { testrcv: }\nexporters: { testexp: }\nservice:\n  pipelines:\n    logs:\n");

        Assert.Equal(["must have at least one receiver", "must have at least one exporter"], errors.Select(e => e.Message));
    }

    [Fact]
    public void Duplicate_processor_in_a_pipeline_is_an_error()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            processors: { batch: }
            exporters: { testexp: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  processors: [batch, batch]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("references processor \"batch\" multiple times", error.Message);
        Assert.Equal(new SourceLocation(ConfigHelper.Source, 8, 27), error.Location);
    }

    [Fact]
    public void Unknown_signal_is_an_error_listing_the_valid_signals()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters: { testexp: }
            service:
              pipelines:
                profiles:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("service::pipelines::profiles", error.Path);
        Assert.Equal("unknown signal \"profiles\" (valid values: traces, metrics, logs)", error.Message);
    }

    [Fact]
    public void Pipeline_name_with_empty_part_after_slash_is_an_error()
    {
        var (_, errors) = ConfigHelper.Parse("receivers: { testrcv: }\nexporters: { testexp: }\nservice:\n  pipelines:\n    traces/:\n      receivers: [testrcv]\n      exporters: [testexp]\n");

        Assert.Contains("the part after / should not be empty", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_extension_referencing_an_undefined_extension_is_an_error()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters: { testexp: }
            extensions: { testext: }
            service:
              extensions: [testext, health_check]
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("service::extensions", error.Path);
        Assert.Equal("references extension \"health_check\" which is not configured (configured extensions: testext); define it under extensions:", error.Message);
    }

    [Fact]
    public void Malformed_component_ids_are_errors()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers:
              testrcv/:
              9rcv:
            exporters: { testexp: }
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp, "te st"]
            """);

        string[] expected =
        [
            "in \"9rcv\" id: invalid character(s) in type \"9rcv\"",
            "in \"te st\" id: invalid character(s) in type \"te st\"",
            "in \"testrcv/\" id: the part after / should not be empty",
            "references receiver \"testrcv\" which is not configured (no receivers are configured); define it under receivers:",
        ];
        Assert.Equal(expected, errors.Select(e => e.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_top_level_and_service_keys_are_errors()
    {
        var (_, errors) = ConfigHelper.Parse("""
            recievers: { testrcv: }
            exporters: { testexp: }
            service:
              pipeline: {}
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp]
                  processor: []
            """);

        Assert.Contains(errors, e => e.Path == string.Empty && e.Message.StartsWith("unknown key \"recievers\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "service" && e.Message.StartsWith("unknown key \"pipeline\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "service::pipelines::traces" && e.Message == "unknown key \"processor\" (valid keys: receivers, processors, exporters); did you mean \"processors\"?");

        // The misspelt section is checked as the receivers it was meant to be, so the pipeline naming testrcv adds no error.
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers:
              testrcv:
              foo:
            processors:
              batch:
                send_batch_size: abc
            exporters:
              testexp:
                bogus: 1
            service:
              extensions: [nothere]
              pipelines:
                traces:
                  receivers: [testrcv, foo, missing]
                  processors: [batch, batch]
                  exporters: [testexp]
                metrics:
                  receivers: [testrcv]
                  exporters: [testexp]
                logs:
                  receivers: [testrcv]
                profiles:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        var expected = new[]
        {
            (3, "receivers", "unknown type: \"foo\" for id: \"foo\" (valid values: testrcv)"),
            (6, "processors::batch::send_batch_size", "expected an integer, found \"abc\""),
            (9, "exporters::testexp", "unknown key \"bogus\" (valid keys: endpoint, mutates, fail_start)"),
            (11, "service::extensions", "references extension \"nothere\" which is not configured (no extensions are configured); define it under extensions:"),
            (14, "service::pipelines::traces", "references receiver \"missing\" which is not configured (configured receivers: testrcv); define it under receivers:"),
            (15, "service::pipelines::traces", "references processor \"batch\" multiple times"),
            (18, "service::pipelines::metrics", "receiver \"testrcv\" does not support metrics (it supports: traces, logs)"),
            (21, "service::pipelines::logs", "must have at least one exporter"),
            (22, "service::pipelines::profiles", "unknown signal \"profiles\" (valid values: traces, metrics, logs)"),
        };
        var actual = errors.Select(e => (e.Location?.Line ?? 0, e.Path, e.Message)).OrderBy(e => e.Item1).ThenBy(e => e.Message, StringComparer.Ordinal).ToArray();
        Assert.True(expected.Length == errors.Count, Messages(errors));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Old_name_is_accepted_with_a_notice()
    {
        var config = ConfigHelper.ParseValid("""
            receivers: { testrcv: }
            exporters:
              oldexp:
                endpoint: legacy:1
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [oldexp]
            """);

        var notice = Assert.Single(config.Notices);
        Assert.Contains("oldexp", notice, StringComparison.Ordinal);
        Assert.Contains("testexp", notice, StringComparison.Ordinal);
        Assert.Contains("exporters::oldexp", notice, StringComparison.Ordinal);
        var component = config.Get(ComponentKind.Exporter, Id("oldexp"));
        Assert.Equal("testexp", component.Factory.Type);
        Assert.Equal("legacy:1", Assert.IsType<TestOptions>(component.Options).Endpoint);
        Assert.Equal([Id("oldexp")], config.Pipelines[0].Exporters);
    }

    [Fact]
    public void Unused_components_are_accepted()
    {
        var config = ConfigHelper.ParseValid("""
            receivers: { testrcv: , testrcv/unused: }
            exporters: { testexp: , metricsonly: }
            service:
              pipelines:
                logs:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        Assert.Equal(4, config.Components.Count);
    }

    [Fact]
    public void An_unknown_connector_type_lists_the_connector_types()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors:
              spanmetrics:
            service:
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("connectors", error.Path);
        Assert.Equal("unknown type: \"spanmetrics\" for id: \"spanmetrics\" (valid values: forward, testconn)", error.Message);
    }

    [Fact]
    public void Telemetry_log_level_must_be_a_known_level()
    {
        var (_, errors) = ConfigHelper.Parse("""
            receivers: { testrcv: }
            exporters: { testexp: }
            service:
              telemetry:
                logs:
                  level: verbose
              pipelines:
                traces:
                  receivers: [testrcv]
                  exporters: [testexp]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("service::telemetry::logs::level", error.Path);
        Assert.Equal("invalid value \"verbose\" (valid values: debug, info, warn, error)", error.Message);
    }
}
