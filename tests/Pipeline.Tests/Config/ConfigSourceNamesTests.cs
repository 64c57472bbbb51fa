using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>The config sources as the service view names them: inline YAML and --set by their keys, never their values.</summary>
public sealed class ConfigSourceNamesTests
{
    [Fact]
    public void Files_env_and_embedded_sources_are_named_as_given_and_inline_values_are_left_out()
    {
        var names = ConfigSourceNames.Describe(
            ["/etc/collector.yaml", "env:COLLECTOR_CONFIG", "embedded:collector.yaml", "yaml:extensions::bearertokenauth::token: inl1ne-secret", "yaml:{a: inl1ne-flow}"],
            ["extensions.bearertokenauth.token=s3t-secret", "service.telemetry.metrics.address=127.0.0.1:0"]);

        Assert.Equal(
            [
                "/etc/collector.yaml", "env:COLLECTOR_CONFIG", "embedded:collector.yaml", "yaml:extensions::bearertokenauth::token", "yaml:(inline)",
                "--set extensions.bearertokenauth.token", "--set service.telemetry.metrics.address",
            ],
            names);
        Assert.DoesNotContain(names, n => n.Contains("inl1ne", StringComparison.Ordinal) || n.Contains("s3t-secret", StringComparison.Ordinal));
    }
}
