using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>Loading YAML from several sources: files, inline yaml:, env:, --set; deep merge and error reporting.</summary>
public sealed class ConfigSourcesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ConfigMap Load(IReadOnlyList<string> configs, IReadOnlyList<string> sets, out ConfigErrors errors, EnvExpander? env = null)
    {
        errors = new ConfigErrors();
        return ConfigSources.Load(configs, sets, env ?? ConfigHelper.Env(), errors);
    }

    private static ConfigSection Root(ConfigMap map, ConfigErrors errors) => new(map, string.Empty, errors);

    [Fact]
    public void Several_files_deep_merge_maps_last_wins_and_lists_are_replaced()
    {
        var a = _dir.Write("a.yaml", """
            processors:
              batch:
                timeout: 1s
                send_batch_size: 100
            exporters:
              testexp:
                endpoint: a:1
            service:
              pipelines:
                traces:
                  receivers: [r1, r2, r3]
                  exporters: [testexp]
            """);
        var b = _dir.Write("b.yaml", """
            processors:
              batch:
                timeout: 2s
              testproc:
            service:
              pipelines:
                traces:
                  receivers: [r4]
                logs:
                  receivers: [r5]
            """);

        var root = Load([a, b], [], out var errors);

        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
        var top = Root(root, errors);
        var batch = top.Section("processors").Section("batch");
        Assert.Equal("2s", batch.String("timeout", "?"));
        Assert.Equal(100, batch.Int("send_batch_size", -1));
        Assert.True(top.Section("processors").Has("testproc"));
        Assert.Equal("a:1", top.Section("exporters").Section("testexp").String("endpoint", "?"));
        var pipelines = top.Section("service").Section("pipelines");
        Assert.Equal(["r4"], pipelines.Section("traces").StringList("receivers"));
        Assert.Equal(["testexp"], pipelines.Section("traces").StringList("exporters"));
        Assert.Equal(["r5"], pipelines.Section("logs").StringList("receivers"));
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void Merge_keeps_the_location_of_the_source_that_won()
    {
        var a = _dir.Write("a.yaml", "processors:\n  batch:\n    timeout: 1s\n");
        var b = _dir.Write("b.yaml", "\n\nprocessors:\n  batch:\n    timeout: xyz\n");

        var root = Load([a, b], [], out var errors);
        Root(root, errors).Section("processors").Section("batch").Duration("timeout", TimeSpan.Zero);

        var error = Assert.Single(errors.Items);
        Assert.Equal(b, error.Location!.Value.Source);
        Assert.Equal(5, error.Location!.Value.Line);
    }

    [Fact]
    public void A_scalar_replaces_a_map_and_a_map_replaces_a_scalar()
    {
        var a = _dir.Write("a.yaml", "x:\n  y: 1\nz: plain\n");
        var b = _dir.Write("b.yaml", "x: replaced\nz:\n  inner: 2\n");

        var root = Load([a, b], [], out var errors);

        var top = Root(root, errors);
        Assert.Equal("replaced", top.String("x", "?"));
        Assert.Equal(2, top.Section("z").Int("inner", 0));
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
    }

    [Fact]
    public void File_scheme_prefix_reads_the_file()
    {
        var a = _dir.Write("a.yaml", "k: v\n");

        var root = Load(["file:" + a], [], out var errors);

        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
        Assert.Equal("v", Root(root, errors).String("k", "?"));
    }

    [Fact]
    public void Set_overrides_are_applied_after_every_config_and_parsed_as_yaml()
    {
        var a = _dir.Write("a.yaml", "processors:\n  batch:\n    timeout: 1s\n    send_batch_size: 10\n");
        var b = _dir.Write("b.yaml", "processors:\n  batch:\n    timeout: 5s\n");

        var root = Load(
            [a, b],
            ["processors.batch.timeout=2s", "service.extensions=[health_check, pprof]", "exporters.testexp.endpoint=http://x:4317", "a.b.c=v"],
            out var errors);

        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
        var top = Root(root, errors);
        var batch = top.Section("processors").Section("batch");
        Assert.Equal(TimeSpan.FromSeconds(2), batch.Duration("timeout", TimeSpan.Zero));
        Assert.Equal(10, batch.Int("send_batch_size", 0));
        Assert.Equal(["health_check", "pprof"], top.Section("service").StringList("extensions"));
        Assert.Equal("http://x:4317", top.Section("exporters").Section("testexp").String("endpoint", "?"));
        Assert.Equal("v", top.Section("a").Section("b").String("c", "?"));
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void Set_replaces_a_list_instead_of_appending()
    {
        var a = _dir.Write("a.yaml", "service:\n  pipelines:\n    traces:\n      exporters: [a, b, c]\n");

        var root = Load([a], ["service.pipelines.traces.exporters=[d]"], out var errors);

        Assert.Equal(["d"], Root(root, errors).Section("service").Section("pipelines").Section("traces").StringList("exporters"));
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
    }

    [Fact]
    public void Set_value_can_be_a_map()
    {
        var root = Load([], ["exporters.testexp={endpoint: e:1, mutates: true}"], out var errors);

        var exp = Root(root, errors).Section("exporters").Section("testexp");
        Assert.Equal("e:1", exp.String("endpoint", "?"));
        Assert.True(exp.Bool("mutates", false));
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
    }

    [Theory]
    [InlineData("no_equals_sign", "expected --set key.path=value")]
    [InlineData("=value", "expected --set key.path=value")]
    [InlineData("a..b=1", "empty key")]
    public void Malformed_set_is_an_error_naming_it(string set, string message)
    {
        Load([], [set], out var errors);

        var error = Assert.Single(errors.Items);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(set, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_yaml_source_uses_double_colon_paths_and_merges_with_files()
    {
        var a = _dir.Write("a.yaml", "exporters:\n  debug:\n    sampling_initial: 5\n    verbosity: basic\n");

        var root = Load([a, "yaml:exporters::debug::verbosity: detailed"], [], out var errors);

        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
        var debug = Root(root, errors).Section("exporters").Section("debug");
        Assert.Equal("detailed", debug.String("verbosity", "?"));
        Assert.Equal(5, debug.Int("sampling_initial", 0));
    }

    [Fact]
    public void Env_source_reads_the_config_from_a_variable()
    {
        var name = "MINICOLLECTOR_TEST_CONFIG_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "receivers:\n  testrcv:\n    endpoint: from-env\n");
        try
        {
            var root = Load(["env:" + name], [], out var errors);

            Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
            Assert.Equal("from-env", Root(root, errors).Section("receivers").Section("testrcv").String("endpoint", "?"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Env_references_in_files_use_the_given_expander()
    {
        var a = _dir.Write("a.yaml", "exporters:\n  testexp:\n    endpoint: ${env:TARGET}:4317\n");

        var root = Load([a], [], out var errors, ConfigHelper.Env(("TARGET", "tempo")));

        Assert.Equal("tempo:4317", Root(root, errors).Section("exporters").Section("testexp").String("endpoint", "?"));
    }

    [Fact]
    public void Missing_file_is_an_error_naming_the_file()
    {
        var missing = Path.Combine(_dir.Path, "does-not-exist.yaml");

        var root = Load([missing], [], out var errors);

        var error = Assert.Single(errors.Items);
        Assert.Contains("does-not-exist.yaml", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(missing, error.Location!.Value.Source);
        Assert.Empty(root.Entries);
    }

    [Fact]
    public void Every_missing_file_is_reported()
    {
        var good = _dir.Write("good.yaml", "k: v\n");

        Load([Path.Combine(_dir.Path, "one.yaml"), good, Path.Combine(_dir.Path, "two.yaml")], [], out var errors);

        Assert.Equal(2, errors.Items.Count);
        Assert.Contains(errors.Items, e => e.ToString().Contains("one.yaml", StringComparison.Ordinal));
        Assert.Contains(errors.Items, e => e.ToString().Contains("two.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_yaml_is_an_error_with_file_and_line()
    {
        var bad = _dir.Write("bad.yaml", "receivers:\n  otlp:\n    protocols: [grpc\nexporters:\n  debug:\n");

        Load([bad], [], out var errors);

        var error = Assert.Single(errors.Items);
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal(bad, error.Location!.Value.Source);
        Assert.True(error.Location!.Value.Line >= 3, error.ToString());
        Assert.StartsWith(bad + ":", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: [1, 2\n", 1)]
    [InlineData("a: [1, 2\nb: 3\n", 1)]
    [InlineData("a: {b: 1\n", 1)]
    [InlineData("a: {b: 1\nc: 2\n", 1)]
    [InlineData("a: 'unterminated\n", 1)]
    [InlineData("a: \"unterminated\nb: 1\n", 1)]
    [InlineData("a:\n\tb: 1\n", 1)]
    [InlineData("a: b: c\n", 1)]
    [InlineData("- a\nb: c\n", 2)]
    [InlineData("a: 1\na: 2\n", 2)]
    public void Malformed_yaml_is_reported_as_an_error_never_thrown(string yaml, int earliestLine)
    {
        var errors = new ConfigErrors();

        var node = YamlConfigReader.Read(yaml, "bad.yaml", ConfigHelper.Env(), errors);

        Assert.Null(node);
        var error = Assert.Single(errors.Items);
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal("bad.yaml", error.Location!.Value.Source);
        Assert.True(error.Location!.Value.Line >= earliestLine, error.ToString());
    }

    [Fact]
    public void Invalid_yaml_reports_the_line_of_the_mistake()
    {
        var bad = _dir.Write("bad.yaml", "a: 1\nb: 2\nc: d: e\n");

        Load([bad], [], out var errors);

        var error = Assert.Single(errors.Items);
        Assert.Equal(3, error.Location!.Value.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    [InlineData("# only a comment\n")]
    public void Empty_file_is_reported_as_empty_configuration_file(string content)
    {
        var empty = _dir.Write("empty.yaml", content);

        Load([empty], [], out var errors);

        var error = Assert.Single(errors.Items);
        Assert.Equal("empty configuration file", error.Message);
        Assert.Equal(empty, error.Location!.Value.Source);
    }

    [Fact]
    public void Top_level_that_is_not_a_map_is_an_error()
    {
        var list = _dir.Write("list.yaml", "- a\n- b\n");

        Load([list], [], out var errors);

        Assert.Contains("must be a map", Assert.Single(errors.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_reader_keeps_line_and_column_of_values_and_keys()
    {
        var errors = new ConfigErrors();
        var root = Assert.IsType<ConfigMap>(YamlConfigReader.Read("a:\n  bb: value\n  list:\n    - x\n    - y\n", "src.yaml", ConfigHelper.Env(), errors));

        var a = Assert.IsType<ConfigMap>(Assert.Single(root.Entries).Value);
        Assert.True(a.TryGet("bb", out var bb));
        Assert.Equal(new SourceLocation("src.yaml", 2, 7), bb.Location);
        Assert.Equal(new SourceLocation("src.yaml", 2, 3), a.KeyLocation("bb"));
        Assert.True(a.TryGet("list", out var list));
        var items = Assert.IsType<ConfigList>(list).Items;
        Assert.Equal(new SourceLocation("src.yaml", 5, 7), items[1].Location);
        Assert.Equal("src.yaml:2:7", bb.Location.ToString());
    }

    [Fact]
    public void Yaml_nulls_and_quoted_strings_are_told_apart()
    {
        var root = ConfigHelper.ReadMap("a:\nb: ~\nc: null\nd: \"null\"\ne: ''\nf: plain\n");

        string?[] values = [.. root.Entries.Select(e => Assert.IsType<ConfigScalar>(e.Value).Value)];
        string?[] expected = [null, null, null, "null", "", "plain"];
        Assert.Equal((IEnumerable<string?>)expected, values);
        Assert.True(((ConfigScalar)root.Entries[3].Value).Quoted);
        Assert.False(((ConfigScalar)root.Entries[5].Value).Quoted);
    }
}
