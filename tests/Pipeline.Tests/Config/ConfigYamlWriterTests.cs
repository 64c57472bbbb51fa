using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>
/// The effective config written back as YAML: our own reader reads the text to the same tree, whatever the scalars
/// hold (indicators, lookalikes of null, booleans and numbers that were quoted strings, line breaks, unicode, "$").
/// </summary>
public sealed class ConfigYamlWriterTests
{
    private static string RoundTripText(ConfigMap tree) => ConfigYamlWriter.Write(tree, redactSecrets: false);

    // Same keys in the same order, same list lengths, same scalar texts (null stays null), quoted stays quoted.
    private static void AssertSameTree(ConfigNode expected, ConfigNode actual, string path = "")
    {
        switch (expected)
        {
            case ConfigMap map:
                var other = Assert.IsType<ConfigMap>(actual);
                Assert.Equal(map.Entries.Select(e => e.Key), other.Entries.Select(e => e.Key));
                foreach (var (key, value) in map.Entries)
                {
                    Assert.True(other.TryGet(key, out var otherValue));
                    AssertSameTree(value, otherValue, path + "::" + key);
                }

                break;
            case ConfigList list:
                var otherList = Assert.IsType<ConfigList>(actual);
                Assert.Equal(list.Items.Count, otherList.Items.Count);
                for (int i = 0; i < list.Items.Count; i++)
                {
                    AssertSameTree(list.Items[i], otherList.Items[i], path + "[" + i + "]");
                }

                break;
            case ConfigScalar scalar:
                var otherScalar = Assert.IsType<ConfigScalar>(actual);
                Assert.True(scalar.Value == otherScalar.Value, $"{path}: expected {scalar.Describe()}, read back {otherScalar.Describe()}");
                Assert.True(!scalar.Quoted || otherScalar.Quoted, $"{path}: a quoted string came back plain");
                break;
        }
    }

    private static ConfigMap ReadBack(string yaml) => ConfigHelper.ReadMap(yaml);

    [Fact]
    public void Tricky_scalars_are_quoted_so_the_text_reads_back_to_the_same_tree()
    {
        var tree = ConfigHelper.ReadMap("""
            colon: "a: b"
            colon_end: "a:"
            hash: "a #b"
            hash_start: "#b"
            leading_spaces: "  padded"
            trailing_spaces: "padded  "
            star: "*alias"
            amp: "&anchor"
            bang: "!tag"
            dash: "- item"
            lone_dash: "-"
            question: "? key"
            percent: "%directive"
            at: "@at"
            backtick: "`tick"
            brace: "{a: 1}"
            bracket: "[1, 2]"
            pipe: "|"
            gt: ">"
            quotes: "it's \"quoted\""
            yes_string: "yes"
            no_string: "no"
            true_string: "true"
            null_string: "null"
            tilde_string: "~"
            number_string: "8080"
            float_string: "1.5e3"
            octal_string: "0o17"
            empty: ""
            multi_line: "first line\nsecond line\n"
            multi_line_no_end: "first\n  indented second"
            tab: "a\tb"
            unicode: "Grüße, 日本語, emoji 🚀"
            backslash: "C:\\path\\to"
            plain_number: 8080
            plain_bool: true
            plain_text: hello world
            explicit_null:
            tilde_null: ~
            "key: with colon": v
            "key #hash": v
            "- dash key": v
            "": empty key
            empty_map: {}
            empty_list: []
            list: [a, "b: c", "", "yes", 1]
            nested:
              - name: one
                values: [x, y]
              - [deep, list]
              - plain
            """);

        var text = RoundTripText(tree);

        AssertSameTree(tree, ReadBack(text));
    }

    [Theory]
    [InlineData("literal ${env:HOME} reference")]
    [InlineData("two $$ dollars")]
    [InlineData("price $5 and ${x}")]
    [InlineData("ends with $")]
    [InlineData("$")]
    public void Dollar_signs_are_doubled_where_the_reader_would_expand_them(string value)
    {
        // The tree holds the value after expansion: "$$" in the source made it.
        var source = "v: \"" + value.Replace("$", "$$", StringComparison.Ordinal) + "\"\nplain: " + value.Replace("$", "$$", StringComparison.Ordinal);
        var tree = ConfigHelper.ReadMap(source, ConfigHelper.Env(("HOME", "/root"), ("x", "expanded")));
        Assert.True(tree.TryGet("v", out var v));
        Assert.Equal(value, ((ConfigScalar)v).Value);

        AssertSameTree(tree, ConfigHelper.ReadMap(RoundTripText(tree), ConfigHelper.Env(("HOME", "/root"), ("x", "expanded"))));
    }

    [Fact]
    public void Values_set_through_the_environment_are_written_as_expanded()
    {
        var tree = ConfigHelper.ReadMap("endpoint: ${env:ENDPOINT}\nodd: ${env:ODD}", ConfigHelper.Env(("ENDPOINT", "collector:4317"), ("ODD", "null")));

        var text = RoundTripText(tree);

        Assert.Contains("endpoint: collector:4317", text, StringComparison.Ordinal);
        AssertSameTree(tree, ReadBack(text));
    }

    [Fact]
    public void A_collector_config_is_written_readably_in_written_order()
    {
        var tree = ConfigHelper.ReadMap("""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 0.0.0.0:4317
            processors:
              batch:
            exporters:
              debug:
                verbosity: detailed
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  processors: [batch]
                  exporters: [debug]
            """);

        Assert.Equal(
            """
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 0.0.0.0:4317
            processors:
              batch: null
            exporters:
              debug:
                verbosity: detailed
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  processors: [batch]
                  exporters: [debug]

            """.ReplaceLineEndings("\n"),
            RoundTripText(tree));
    }
}
