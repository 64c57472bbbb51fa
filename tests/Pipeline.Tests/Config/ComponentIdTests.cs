using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Tests.Config;

public sealed class ComponentIdTests
{
    [Theory]
    [InlineData("otlp", "otlp", "")]
    [InlineData("otlp/internal", "otlp", "internal")]
    [InlineData("batch/traces-2.0", "batch", "traces-2.0")]
    public void Valid_ids_parse_into_type_and_name(string text, string type, string name)
    {
        Assert.True(ComponentId.TryParse(text, out var id, out var error), error);
        Assert.Equal(new ComponentId(type, name), id);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("otlp/", "the part after / should not be empty")]
    [InlineData("/x", "the part before / should not be empty")]
    [InlineData("1otlp", "invalid character(s) in type")]
    [InlineData("ot-lp", "invalid character(s) in type")]
    [InlineData("otlp/a b", "invalid character(s) in name")]
    [InlineData("otlp/a\u200Bb", "invalid character(s) in name")]
    [InlineData("otlp/a+b", "invalid character(s) in name")]
    [InlineData("otlp/a\u0007", "invalid character(s) in name")]
    public void Malformed_ids_are_rejected_with_the_reference_wording(string text, string message)
    {
        Assert.False(ComponentId.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
