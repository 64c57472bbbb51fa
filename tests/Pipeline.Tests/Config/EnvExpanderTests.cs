using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>Environment references in config scalars, as the reference collector expands them.</summary>
public sealed class EnvExpanderTests
{
    private static readonly EnvExpander Env = ConfigHelper.Env(("HOST", "collector.local"), ("PORT", "4317"), ("EMPTY", ""), ("_UNDER_1", "u"));

    private static (string Result, List<string> Errors) Expand(string text)
    {
        var errors = new List<string>();
        var result = Env.Expand(text, errors.Add);
        return (result, errors);
    }

    [Theory]
    [InlineData("${env:HOST}", "collector.local")]
    [InlineData("${HOST}", "collector.local")]
    [InlineData("${_UNDER_1}", "u")]
    [InlineData("${env:HOST:-fallback}", "collector.local")]
    [InlineData("${env:NOT_SET:-fallback}", "fallback")]
    [InlineData("${env:EMPTY:-fallback}", "")] // as in the reference: a variable set to empty keeps its empty value
    [InlineData("${env:NOT_SET:-}", "")]
    [InlineData("${env:NOT_SET:-a:b/c}", "a:b/c")]
    [InlineData("${env:NOT_SET}", "")]
    [InlineData("${NOT_SET}", "")]
    [InlineData("${env:EMPTY}", "")]
    public void Expands_references(string text, string expected)
    {
        var (result, errors) = Expand(text);

        Assert.Equal(expected, result);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("http://${env:HOST}:${PORT}/v1", "http://collector.local:4317/v1")]
    [InlineData("prefix-${HOST}", "prefix-collector.local")]
    [InlineData("${HOST}-suffix", "collector.local-suffix")]
    [InlineData("${HOST}${PORT}", "collector.local4317")]
    [InlineData("[${env:NOT_SET}]", "[]")]
    public void Keeps_text_around_references(string text, string expected)
    {
        var (result, errors) = Expand(text);

        Assert.Equal(expected, result);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("$$", "$")]
    [InlineData("price: $$5", "price: $5")]
    [InlineData("$${env:HOST}", "${env:HOST}")]
    [InlineData("$$$${HOST}", "$${HOST}")]
    [InlineData("$$${HOST}", "$collector.local")]
    public void Double_dollar_is_a_literal_dollar(string text, string expected)
    {
        var (result, errors) = Expand(text);

        Assert.Equal(expected, result);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("$HOST")]
    [InlineData("a $HOST b")]
    [InlineData("cost $5")]
    [InlineData("trailing $")]
    [InlineData("no references at all")]
    public void Bare_dollar_forms_are_left_unchanged(string text)
    {
        var (result, errors) = Expand(text);

        Assert.Equal(text, result);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("${1ABC}", "1ABC")]
    [InlineData("${env:1ABC}", "1ABC")]
    [InlineData("${env:A-B}", "A-B")]
    [InlineData("${env:A B}", "A B")]
    [InlineData("${}", "")]
    [InlineData("${env:}", "")]
    [InlineData("${env:A.B:-x}", "A.B")]
    public void Invalid_names_are_reported_and_left_as_written(string text, string badName)
    {
        var (result, errors) = Expand("x=" + text);

        var error = Assert.Single(errors);
        Assert.Contains($"invalid environment variable name \"{badName}\"", error, StringComparison.Ordinal);
        Assert.Equal("x=" + text, result);
    }

    [Theory]
    [InlineData("${file:/etc/passwd}")]
    [InlineData("${http://example.com/config.yaml}")]
    [InlineData("${yaml:a: b}")]
    public void Unsupported_schemes_are_reported_and_left_as_written(string text)
    {
        var (result, errors) = Expand(text);

        var error = Assert.Single(errors);
        Assert.Contains("unsupported config source", error, StringComparison.Ordinal);
        Assert.Contains(text, error, StringComparison.Ordinal);
        Assert.Equal(text, result);
    }

    [Fact]
    public void Unterminated_reference_is_reported()
    {
        var (result, errors) = Expand("a ${env:HOST");

        Assert.Contains("unterminated", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal("a ${env:HOST", result);
    }

    [Fact]
    public void Every_problem_in_one_scalar_is_reported()
    {
        var (result, errors) = Expand("${file:/x} ${env:1} ${HOST}");

        Assert.Equal(2, errors.Count);
        Assert.Equal("${file:/x} ${env:1} collector.local", result);
    }

    [Fact]
    public void Yaml_scalars_are_expanded_and_problems_carry_the_location()
    {
        var errors = new ConfigErrors();
        var yaml = "exporters:\n  testexp:\n    endpoint: ${env:HOST}:${PORT}\n    other: \"${env:NOT_SET:-dflt}\"\n    bad: ${file:/x}\n";

        var root = Assert.IsType<ConfigMap>(YamlConfigReader.Read(yaml, "cfg.yaml", Env, errors));

        var section = new ConfigSection(root, string.Empty, errors).Section("exporters").Section("testexp");
        Assert.Equal("collector.local:4317", section.String("endpoint", "?"));
        Assert.Equal("dflt", section.String("other", "?"));
        var error = Assert.Single(errors.Items);
        Assert.Equal(new SourceLocation("cfg.yaml", 5, 10), error.Location);
        Assert.Contains("unsupported config source", error.Message, StringComparison.Ordinal);
    }
}
