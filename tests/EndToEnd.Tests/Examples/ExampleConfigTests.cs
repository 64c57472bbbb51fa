using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// Every collector config under examples/ (found by content, so a new one is covered without being listed) is
/// accepted by the real executable's <c>validate</c>, and every YAML file there is of a kind some test checks.
/// </summary>
public sealed class ExampleConfigTests
{
    public static TheoryData<string> CollectorConfigs => ExampleFiles.RelativeOfKind(ExampleKind.CollectorConfig);

    [Theory]
    [MemberData(nameof(CollectorConfigs))]
    public async Task The_example_config_passes_validate(string relativePath)
    {
        var path = ExampleFiles.Full(relativePath);

        var (code, output) = await CollectorProcess.RunAsync(Path.GetDirectoryName(path)!, "validate", "--config", path);

        Assert.True(code == 0, $"validate exited {code}:\n{output}");
        Assert.Contains("config is valid", output);
        Assert.DoesNotContain("notice:", output);
    }

    [Fact]
    public void Every_yaml_file_under_examples_is_of_a_kind_the_tests_check()
    {
        var unknown = ExampleFiles.AllYaml().Where(p => ExampleFiles.KindOf(p) == ExampleKind.Unknown).ToList();

        Assert.True(unknown.Count == 0, "YAML files no test knows what to do with: " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_examples_cover_the_image_the_compose_stacks_basic_auth_loadbalancing_and_recipes()
    {
        var configs = ExampleFiles.RelativeOf(ExampleFiles.OfKind(ExampleKind.CollectorConfig)).ToList();

        Assert.Contains(Path.Combine("image", "config.yaml"), configs);
        Assert.Contains(Path.Combine("compose", "collector.yaml"), configs);
        Assert.Contains(Path.Combine("compose-jaeger", "collector.yaml"), configs);
        Assert.Contains(Path.Combine("basic-auth", "collector.yaml"), configs);
        Assert.Contains(Path.Combine("loadbalancing", "agent.yaml"), configs);
        Assert.Contains(Path.Combine("loadbalancing", "gateway.yaml"), configs);
        Assert.True(configs.Count(c => c.StartsWith("recipes", StringComparison.Ordinal)) >= 5, "recipes: " + string.Join(", ", configs));
    }
}
