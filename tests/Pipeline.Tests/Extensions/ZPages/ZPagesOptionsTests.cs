using MiniCollector.Extensions.ZPages;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Extensions.ZPages;

/// <summary>Binding and validating <c>extensions::zpages</c>.</summary>
public sealed class ZPagesOptionsTests
{
    private const string SectionPath = "extensions::zpages";

    private static (ZPagesOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<ZPagesOptions>(new ZPagesExtensionFactory(), yaml, SectionPath);
    }

    [Fact]
    public void Empty_section_gives_the_reference_endpoint_and_capture_on_view()
    {
        var errors = new ConfigErrors();
        var options = ZPagesOptions.Bind(new ConfigSection(null, SectionPath, errors));

        Assert.True(errors.IsEmpty);
        Assert.Equal("localhost:55679", options.Endpoint);
        Assert.Null(options.Tls);
        Assert.Null(options.Authenticator);
        Assert.Equal(RecentTelemetryOptions.CaptureOnView, options.Recent.Capture);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Recent.ViewerTimeout);
        Assert.Equal(2 * 1024 * 1024, options.Recent.TracesMaxBytes);
        Assert.Equal(2 * 1024 * 1024, options.Recent.MetricsMaxBytes);
        Assert.Equal(2 * 1024 * 1024, options.Recent.LogsMaxBytes);
        Assert.Empty(options.ExtensionReferences);
    }

    [Fact]
    public void Every_key_is_bound()
    {
        var (options, errors) = Bind("""
            endpoint: 127.0.0.1:0
            tls:
              cert_file: /etc/collector/zpages.pem
              key_file: /etc/collector/zpages.key
            auth:
              authenticator: basicauth/ui
            recent:
              capture: always
              viewer_timeout: 30s
              traces_max_bytes: 100000
              metrics_max_bytes: 200000
              logs_max_bytes: 300000
            """);

        Assert.Empty(errors);
        Assert.Equal("127.0.0.1:0", options.Endpoint);
        Assert.Equal("/etc/collector/zpages.pem", options.Tls?.CertFile);
        Assert.Equal("/etc/collector/zpages.key", options.Tls?.KeyFile);
        Assert.Equal(new ComponentId("basicauth", "ui"), options.Authenticator);
        Assert.True(options.Recent.CapturesAlways);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Recent.ViewerTimeout);
        Assert.Equal(100_000, options.Recent.TracesMaxBytes);
        Assert.Equal(200_000, options.Recent.MetricsMaxBytes);
        Assert.Equal(300_000, options.Recent.LogsMaxBytes);
        Assert.Equal([("auth::authenticator", new ComponentId("basicauth", "ui"))], options.ExtensionReferences);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = Bind("""
            endpoint: nonsense
            tls: {cert_file: a.pem}
            recent:
              capture: sometimes
              viewer_timeout: 0s
              traces_max_bytes: 10
              bogus: 1
            """);

        var text = string.Join("\n", errors.Select(e => e.ToString()));
        Assert.Contains("extensions::zpages::endpoint", text);
        Assert.Contains("extensions::zpages::tls: cert_file and key_file are required", text);
        Assert.Contains("valid values: on_view, always", text);
        Assert.Contains("viewer_timeout must be greater than 0", text);
        Assert.Contains("extensions::zpages::recent::traces_max_bytes", text);
        Assert.Contains("bogus", text);
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void An_authenticator_that_is_not_configured_is_a_config_error()
    {
        var registry = new ComponentRegistry([new ZPagesExtensionFactory(), new TestReceiverFactory(new LifecycleLog()), new TestExporterFactory(new LifecycleLog())]);
        var (_, errors) = ConfigHelper.Parse(
            """
            receivers: {test: {}}
            exporters: {test: {}}
            extensions:
              zpages:
                auth: {authenticator: basicauth}
            service:
              extensions: [zpages]
              pipelines:
                traces: {receivers: [test], exporters: [test]}
            """,
            registry);

        Assert.Contains(errors, e => e.ToString().Contains("references extension \"basicauth\" which is not configured", StringComparison.Ordinal));
    }
}
