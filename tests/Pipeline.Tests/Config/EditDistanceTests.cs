using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>The one edit distance behind every "did you mean".</summary>
public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("recievers", "receivers", 1)]
    [InlineData("endpont", "endpoint", 1)]
    [InlineData("otlp_http", "otlphttp", 1)]
    [InlineData("Endpoint", "endpoint", 0)]
    [InlineData("abc", "abc", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("ca", "abc", 3)]
    public void Damerau_levenshtein_counts_a_swap_of_neighbours_as_one_edit(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Between(a, b));
        Assert.Equal(expected, EditDistance.Between(b, a));
    }

    [Theory]
    [InlineData("recievers", "receivers")]
    [InlineData("trace", "traces")]
    [InlineData("tls", null)]
    [InlineData("exporter", "exporters")]
    [InlineData("pipelinez", "pipelines")]
    [InlineData("bogus", null)]
    public void Closest_suggests_only_near_misses(string word, string? expected)
    {
        string[] candidates = ["receivers", "exporters", "traces", "pipelines", "logs"];

        Assert.Equal(expected, EditDistance.Closest(word, candidates));
    }

    [Fact]
    public void The_word_itself_is_not_suggested()
    {
        Assert.Null(EditDistance.Closest("logs", ["logs"]));
    }
}
