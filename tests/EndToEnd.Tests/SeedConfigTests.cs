using MiniCollector.Hosting;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>The collector configs our users' documents show (../shared/seeds) are judged by <c>validate</c>.</summary>
public sealed class SeedConfigTests
{
    private static string ConfigPath(string name) => Path.Combine(AppContext.BaseDirectory, "Configs", name);

    [Fact]
    public void The_optuna_config_is_valid()
    {
        var config = ConfigLoader.Load([ConfigPath("seed000-optuna.yaml")], [], BuiltinComponents.CreateRegistry());

        var pipeline = Assert.Single(config.Pipelines);
        Assert.Equal("metrics", pipeline.Name);
        Assert.Equal(["prometheus"], pipeline.Exporters.Select(e => e.ToString()));
    }

    [Fact]
    public void The_python_getting_started_config_gets_one_error_per_unknown_component()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load([ConfigPath("seed002-python-getting-started.yaml")], [], BuiltinComponents.CreateRegistry()));

        Assert.Collection(
            ex.Errors,
            e =>
            {
                Assert.Equal("receivers", e.Path);
                Assert.Contains("unknown type: \"opencensus\"", e.Message);
                Assert.Contains("valid values: otlp", e.Message);
            },
            e =>
            {
                Assert.Equal("processors", e.Path);
                Assert.Contains("unknown type: \"queued_retry\"", e.Message);
                Assert.Matches(@"valid values: [^)]*\bbatch\b", e.Message);
            });
    }

    [Fact]
    public void The_old_logging_exporter_name_is_accepted_with_a_notice_and_its_loglevel_maps_to_verbosity()
    {
        var config = ConfigLoader.Load(
            ["yaml:exporters::logging::loglevel: debug"],
            ["receivers.otlp.protocols.http.endpoint=127.0.0.1:0", "service.pipelines.logs.receivers=[otlp]", "service.pipelines.logs.exporters=[logging]"],
            BuiltinComponents.CreateRegistry());

        var notice = Assert.Single(config.Notices);
        Assert.Contains("\"logging\" is another name of the exporter \"debug\"", notice);
        var options = (Exporters.Debug.DebugOptions)config.Components.Values.Single(c => c.Id.Type == "logging").Options;
        Assert.Equal(Exporters.Debug.DebugVerbosity.Detailed, options.Verbosity);
    }

    [Fact]
    public async Task The_shipped_default_config_is_valid_and_the_same_as_the_embedded_one()
    {
        var repoConfig = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "collector.yaml"));

        Assert.Equal(repoConfig, ConfigLoader.ReadEmbedded(ConfigLoader.EmbeddedDefault));
        var config = ConfigLoader.Load(["embedded:" + ConfigLoader.EmbeddedDefault], [], BuiltinComponents.CreateRegistry());
        Assert.Equal(["traces", "metrics", "logs"], config.Pipelines.Select(p => p.Name));
        var zpages = Assert.Single(config.Extensions);
        Assert.Equal("zpages", zpages.Type);
        Assert.Equal("localhost:55679", ((Extensions.ZPages.ZPagesOptions)config.Get(Pipeline.Components.ComponentKind.Extension, zpages).Options).Endpoint);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiniCollector.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
