using System.Text.Json;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>print-config's JSON: scalars typed as YAML reads a plain scalar, quoted ones kept as strings, secrets redacted.</summary>
public sealed class ConfigJsonWriterTests
{
    [Theory]
    [InlineData("v: true", JsonValueKind.True)]
    [InlineData("v: False", JsonValueKind.False)]
    [InlineData("v: 42", JsonValueKind.Number)]
    [InlineData("v: -1.5e3", JsonValueKind.Number)]
    [InlineData("v:", JsonValueKind.Null)]
    [InlineData("v: \"42\"", JsonValueKind.String)]
    [InlineData("v: 'true'", JsonValueKind.String)]
    [InlineData("v: 0600", JsonValueKind.String)]
    [InlineData("v: +5", JsonValueKind.String)]
    [InlineData("v: NaN", JsonValueKind.String)]
    [InlineData("v: 5s", JsonValueKind.String)]
    public void Scalars_are_typed_as_a_plain_yaml_scalar_reads(string yaml, JsonValueKind kind)
    {
        using var json = JsonDocument.Parse(ConfigJsonWriter.Write(ConfigHelper.ReadMap(yaml), redactSecrets: true));

        Assert.Equal(kind, json.RootElement.GetProperty("v").ValueKind);
    }

    [Fact]
    public void Numbers_keep_their_written_text_and_strings_keep_leading_zeros()
    {
        var text = ConfigJsonWriter.Write(ConfigHelper.ReadMap("a: 12345678901234567890\nb: 0600\n"), redactSecrets: false);

        Assert.Contains("\"a\": 12345678901234567890", text);
        Assert.Contains("\"b\": \"0600\"", text);
    }

    [Fact]
    public void Secrets_are_redacted_by_the_same_rules_as_yaml_and_kept_when_asked()
    {
        var tree = ConfigHelper.ReadMap("exporters:\n  otlp:\n    headers:\n      Authorization: Bearer abc\n    endpoint: x:1\n");

        using var redacted = JsonDocument.Parse(ConfigJsonWriter.Write(tree, redactSecrets: true));
        using var plain = JsonDocument.Parse(ConfigJsonWriter.Write(tree, redactSecrets: false));

        var otlp = redacted.RootElement.GetProperty("exporters").GetProperty("otlp");
        Assert.Equal(ConfigSecrets.Redacted, otlp.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal("x:1", otlp.GetProperty("endpoint").GetString());
        Assert.Equal("Bearer abc", plain.RootElement.GetProperty("exporters").GetProperty("otlp").GetProperty("headers").GetProperty("Authorization").GetString());
    }

    [Fact]
    public void Keys_keep_their_written_order_and_lists_stay_lists()
    {
        var text = ConfigJsonWriter.Write(ConfigHelper.ReadMap("z: 1\na: [x, y]\nm: {}\n"), redactSecrets: true);

        Assert.True(text.IndexOf("\"z\"", StringComparison.Ordinal) < text.IndexOf("\"a\"", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(text);
        Assert.Equal(2, json.RootElement.GetProperty("a").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("m").ValueKind);
    }
}
