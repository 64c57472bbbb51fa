using MiniCollector.Extensions.HealthCheck;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Extensions.HealthCheck;

/// <summary>Binding and validating <c>extensions::health_check</c>.</summary>
public sealed class HealthCheckOptionsTests
{
    private const string SectionPath = "extensions::health_check";

    private static (HealthCheckOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<HealthCheckOptions>(new HealthCheckExtensionFactory(), yaml, SectionPath);
    }

    [Fact]
    public void Empty_section_gives_the_reference_defaults()
    {
        var errors = new ConfigErrors();
        var options = HealthCheckOptions.Bind(new ConfigSection(null, SectionPath, errors));

        Assert.True(errors.IsEmpty);
        Assert.Equal("localhost:13133", options.Endpoint);
        Assert.Equal("/", options.Path);
        Assert.Null(options.ResponseBody);
    }

    [Fact]
    public void Factory_describes_the_extension()
    {
        var factory = new HealthCheckExtensionFactory();

        Assert.Equal("health_check", factory.Type);
        Assert.Equal(ComponentKind.Extension, factory.Kind);
        Assert.Empty(factory.Signals);
    }

    [Fact]
    public void Every_key_is_bound()
    {
        var (options, errors) = Bind("""
            endpoint: 0.0.0.0:13134
            path: /health/status
            response_body:
              healthy: I'm OK
              unhealthy: I'm not well
            check_collector_pipeline:
              enabled: false
              interval: 5m
              exporter_failure_threshold: 5
            """);

        Assert.Empty(errors);
        Assert.Equal("0.0.0.0:13134", options.Endpoint);
        Assert.Equal("/health/status", options.Path);
        Assert.Equal(new HealthCheckResponseBody("I'm OK", "I'm not well"), options.ResponseBody);
    }

    [Fact]
    public void A_response_body_with_one_side_leaves_the_other_empty()
    {
        var (options, errors) = Bind("response_body:\n  healthy: up\n");

        Assert.Empty(errors);
        Assert.Equal(new HealthCheckResponseBody("up", string.Empty), options.ResponseBody);
    }

    [Fact]
    public void An_empty_response_body_key_is_not_an_override()
    {
        var (options, errors) = Bind("response_body:\n");

        Assert.Empty(errors);
        Assert.Null(options.ResponseBody);
    }

    [Fact]
    public void Enabled_collector_pipeline_check_is_an_error_explaining_why()
    {
        var (_, errors) = Bind("check_collector_pipeline:\n  enabled: true\n");

        var error = Assert.Single(errors);
        Assert.Equal(SectionPath + "::check_collector_pipeline::enabled", error.Path);
        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("deprecated", error.Message, StringComparison.Ordinal);
        Assert.Contains("#11780", error.Message, StringComparison.Ordinal);
        Assert.Contains("enabled: false", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Location!.Value.Line);
    }

    [Theory]
    [InlineData("bogus: 1\n", SectionPath, "unknown key \"bogus\"")]
    [InlineData("tls: {}\n", SectionPath, "HTTP server settings")]
    [InlineData("response_body:\n  healthy: a\n  sick: b\n", SectionPath + "::response_body", "unknown key \"sick\" (valid keys: healthy, unhealthy)")]
    [InlineData("check_collector_pipeline:\n  period: 1m\n", SectionPath + "::check_collector_pipeline", "unknown key \"period\"")]
    [InlineData("check_collector_pipeline:\n  interval: soon\n", SectionPath + "::check_collector_pipeline::interval", "expected a duration")]
    [InlineData("check_collector_pipeline:\n  exporter_failure_threshold: 0\n", SectionPath + "::check_collector_pipeline::exporter_failure_threshold", "positive number")]
    [InlineData("path: health\n", SectionPath + "::path", "path must start with /")]
    [InlineData("endpoint: \"\"\n", SectionPath + "::endpoint", "endpoint must be specified")]
    [InlineData("endpoint: localhost\n", SectionPath + "::endpoint", "must be host:port")]
    [InlineData("endpoint: localhost:99999\n", SectionPath + "::endpoint", "invalid port")]
    [InlineData("response_body: [a, b]\n", SectionPath + "::response_body", "expected a map")]
    public void Invalid_settings_are_reported_with_their_path(string yaml, string path, string message)
    {
        var (_, errors) = Bind(yaml);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = Bind("endpoint: nope\npath: x\nextra: 1\ncheck_collector_pipeline: {enabled: true}\n");

        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void A_whole_config_with_health_check_parses()
    {
        var registry = new ComponentRegistry([new TestReceiverFactory(), new TestExporterFactory(), new HealthCheckExtensionFactory()]);

        var config = ConfigHelper.ParseValid(
            """
            receivers: { testrcv: }
            exporters: { testexp: }
            extensions:
              health_check:
              health_check/2:
                endpoint: localhost:13134
            service:
              extensions: [health_check, health_check/2]
              pipelines:
                traces: { receivers: [testrcv], exporters: [testexp] }
            """,
            registry);

        Assert.Equal(["health_check", "health_check/2"], config.Extensions.Select(id => id.ToString()));
        var options = Assert.IsType<HealthCheckOptions>(config.Get(ComponentKind.Extension, config.Extensions[1]).Options);
        Assert.Equal("localhost:13134", options.Endpoint);
    }
}
