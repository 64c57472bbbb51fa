using MiniCollector.Connectors.Count;
using MiniCollector.Connectors.Routing;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.Routing.RoutingKit;

namespace MiniCollector.Pipeline.Tests.Routing;

/// <summary>How the routing connector's config binds, and every error it gives, with the reference's wording where it has one.</summary>
public sealed class RoutingConfigTests
{
    private static (CollectorConfig Config, IReadOnlyList<ConfigError> Errors) ParseCollector(string yaml)
    {
        var errors = new ConfigErrors();
        var registry = new ComponentRegistry([new TestReceiverFactory(), new TestExporterFactory(), new RoutingConnectorFactory(), new CountConnectorFactory()]);
        var config = CollectorConfigParser.Parse(ConfigHelper.ReadMap(yaml), registry, errors);
        return (config, errors.Items);
    }

    [Fact]
    public void Every_key_binds_and_error_mode_defaults_to_ignore()
    {
        var options = BindValid("""
            default_pipelines: [logs/other]
            table:
              - condition: attributes["env"] == "prod"
                pipelines: [logs/prod, logs/all]
              - context: log
                statement: route() where severity_number >= SEVERITY_NUMBER_ERROR
                pipelines: [logs/errors]
              - context: request
                condition: request["X-Tenant"] != "acme"
                pipelines: [logs/others]
              - condition: log.body == "x"
                pipelines: [logs/x]
            """);

        Assert.Equal(OttlErrorMode.Ignore, options.ErrorMode);
        Assert.Equal(["logs/other"], options.DefaultPipelines);
        Assert.Equal([RouteContext.Resource, RouteContext.Log, RouteContext.Request, RouteContext.Log], options.Table.Select(r => r.Context));
        Assert.Equal("severity_number >= SEVERITY_NUMBER_ERROR", options.Table[1].Condition);
        Assert.Equal(new RequestCondition("X-Tenant", "acme", Equal: false), options.Table[2].Request);
        Assert.Equal(["logs/prod", "logs/all"], options.Table[0].Pipelines);
        Assert.Equal(OttlErrorMode.Propagate, BindValid("error_mode: propagate\ntable: [{statement: route(), pipelines: [p]}]").ErrorMode);
        Assert.Equal(OttlErrorMode.Silent, BindValid("error_mode: silent\ntable: [{statement: route(), pipelines: [p]}]").ErrorMode);
    }

    [Theory]
    [InlineData("default_pipelines: [p]", "connectors::routing: invalid routing table: the routing table is empty (\"table\" is required)")]
    [InlineData("table: []", "connectors::routing: invalid routing table: the routing table is empty")]
    [InlineData("table: [{pipelines: [p]}]", "connectors::routing::table[0]: invalid route: no condition or statement provided")]
    [InlineData("table: [{condition: 'attributes[\"a\"] == \"b\"', statement: route(), pipelines: [p]}]", "invalid route: both condition and statement provided")]
    [InlineData("table: [{condition: 'attributes[\"a\"] == \"b\"'}]", "connectors::routing::table[0]::pipelines: invalid route: no pipelines defined")]
    [InlineData("table: [{context: profile, condition: 'attributes[\"a\"] == \"b\"', pipelines: [p]}]", "invalid context: profile (valid values: resource, span, metric, datapoint, log, request)")]
    [InlineData("table: [{context: request, statement: route(), pipelines: [p]}]", "\"request\" context requires a 'condition'")]
    [InlineData("table: [{context: request, condition: 'request[\"a\"] = \"b\"', pipelines: [p]}]", "condition does not contain a valid comparator")]
    [InlineData("table: [{context: request, condition: 'request[\"a\"] == \"b\" == \"c\"', pipelines: [p]}]", "condition contains multiple comparators")]
    [InlineData("table: [{context: request, condition: 'headers[\"a\"] == \"b\"', pipelines: [p]}]", "condition must have format 'request[\"<name>\"] <comparator> <value>'")]
    [InlineData("table: [{context: request, condition: 'request[\"a\"] == b', pipelines: [p]}]", "condition must have format 'request[\"<name>\"] <comparator> \"<value>\"'")]
    [InlineData("table: [{statement: 'set(attributes[\"a\"], 1)', pipelines: [p]}]", "a routing statement is route(), optionally followed by where and a condition")]
    [InlineData("error_mode: loud\ntable: [{statement: route(), pipelines: [p]}]", "connectors::routing::error_mode: invalid value \"loud\" (valid values: propagate, ignore, silent)")]
    [InlineData("match_once: true\ntable: [{statement: route(), pipelines: [p]}]", "unknown key \"match_once\" (valid keys: default_pipelines, error_mode, table) \"match_once\" was removed from the routing connector")]
    [InlineData("table: [{statement: route(), pipelines: [p], exporters: [x]}]", "connectors::routing::table[0]: unknown key \"exporters\" (valid keys: context, condition, statement, pipelines)")]
    [InlineData("from_attribute: X-Tenant\ntable: [{statement: route(), pipelines: [p]}]", "unknown key \"from_attribute\" (valid keys: default_pipelines, error_mode, table)")]
    public void Invalid_configs_are_reported_with_their_path(string yaml, string expected)
        => Assert.Contains(expected, ErrorsOf(yaml));

    [Fact]
    public void A_condition_that_does_not_compile_names_its_line_and_column_also_inside_a_statement()
    {
        var errors = Bind("""
            table:
              - condition: attributes["a"] == 
                pipelines: [p]
              - context: span
                statement: route() where name ==
                pipelines: [p]
            """).Errors;

        Assert.Equal(2, errors.Count);
        Assert.Equal(("connectors::routing::table[0]::condition", 2), (errors[0].Path, errors[0].Location!.Value.Line));
        Assert.Contains("invalid condition \"attributes[\"a\"] ==\" in the resource context at column", errors[0].Message);
        Assert.Equal(("connectors::routing::table[1]::statement", 5), (errors[1].Path, errors[1].Location!.Value.Line));
        Assert.Matches("invalid condition \"route\\(\\) where name ==\" in the span context at column (1[5-9]|2[0-9])", errors[1].Message);
    }

    [Fact]
    public void Route_pipelines_must_be_pipelines_the_connector_feeds_and_contexts_must_fit_the_signal_checked_at_load()
    {
        var (_, errors) = ParseCollector("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors:
              routing:
                default_pipelines: [traces/missing]
                table:
                  - condition: attributes["a"] == "b"
                    pipelines: [traces/a, logs/a]
                  - context: log
                    condition: body == "x"
                    pipelines: [traces/a]
            service:
              pipelines:
                traces/in: { receivers: [testrcv], exporters: [routing] }
                traces/a: { receivers: [routing], exporters: [testexp] }
                logs/a: { receivers: [testrcv], exporters: [testexp] }
            """);

        var messages = errors.Select(e => e.ToString()).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains(messages, m => m.Contains("connectors::routing::table[0]::pipelines: pipeline \"logs/a\" is not one this connector feeds: a route's pipelines must be traces pipelines naming the connector in their receivers (it feeds: traces/a)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("connectors::routing::table[1]: the log context cannot route traces (valid contexts for traces: resource, span, request)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("connectors::routing::default_pipelines: pipeline \"traces/missing\" is not one this connector feeds", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.NotNull(e.Location));
    }

    [Fact]
    public void A_valid_routing_and_count_config_parses()
    {
        var (_, errors) = ParseCollector("""
            receivers: { testrcv: }
            exporters: { testexp: }
            connectors:
              count:
              routing:
                default_pipelines: [traces/b]
                table:
                  - condition: attributes["a"] == "b"
                    pipelines: [traces/a]
            service:
              pipelines:
                traces/in: { receivers: [testrcv], exporters: [routing, count] }
                traces/a: { receivers: [routing], exporters: [testexp] }
                traces/b: { receivers: [routing], exporters: [testexp] }
                metrics/counts: { receivers: [count], exporters: [testexp] }
            """);

        Assert.Empty(errors);
    }
}
