using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Batch;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>Typed binding of one config section: defaults, wrong types, unknown keys, all errors collected.</summary>
public sealed class ConfigSectionTests
{
    private static ConfigSection Section(string yaml, ConfigErrors errors, string path = "processors::batch") => ConfigHelper.Section(yaml, path, errors);

    [Fact]
    public void Typed_getters_read_written_values()
    {
        var errors = new ConfigErrors();
        var s = Section("""
            name: hello
            count: 42
            big: 9000000000
            neg: -7
            ratio: 0.25
            on: true
            off: False
            wait: 1m30s
            list: [a, b]
            map: {x: "1", y: two}
            level: DEBUG
            """, errors);

        Assert.Equal("hello", s.String("name", "?"));
        Assert.Equal(42, s.Int("count", 0));
        Assert.Equal(9_000_000_000L, s.Long("big", 0));
        Assert.Equal(-7, s.Int("neg", 0));
        Assert.Equal(0.25, s.Double("ratio", 0));
        Assert.True(s.Bool("on", false));
        Assert.False(s.Bool("off", true));
        Assert.Equal(TimeSpan.FromSeconds(90), s.Duration("wait", TimeSpan.Zero));
        Assert.Equal(["a", "b"], s.StringList("list"));
        Assert.Equal(new Dictionary<string, string> { ["x"] = "1", ["y"] = "two" }, s.StringMap("map"));
        Assert.Equal("debug", s.Choice("level", "info", "debug", "info"));
        s.ReportUnknownKeys();
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
    }

    [Fact]
    public void Missing_and_null_values_give_the_defaults_without_errors()
    {
        var errors = new ConfigErrors();
        var s = Section("present_but_null:\nother: ~\n", errors);

        Assert.Equal("dflt", s.String("absent", "dflt"));
        Assert.Equal(8192, s.Int("present_but_null", 8192));
        Assert.Equal(3L, s.Long("absent", 3));
        Assert.Equal(1.5, s.Double("other", 1.5));
        Assert.True(s.Bool("absent", true));
        Assert.Equal(TimeSpan.FromMilliseconds(200), s.Duration("absent", TimeSpan.FromMilliseconds(200)));
        Assert.Null(s.StringList("absent"));
        Assert.Null(s.StringList("other"));
        Assert.Null(s.StringMap("absent"));
        Assert.Null(s.StringOrNull("absent"));
        Assert.Equal("info", s.Choice("absent", "info", "debug", "info"));
        Assert.False(s.Has("absent"));
        Assert.True(s.Has("present_but_null"));
        Assert.False(s.Section("absent").IsPresent);
        s.ReportUnknownKeys();
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
    }

    [Fact]
    public void Wrong_type_is_an_error_with_full_path_and_file_line_column()
    {
        var errors = new ConfigErrors();
        var root = ConfigHelper.ReadMap("processors:\n  batch:\n    send_batch_size: abc\n");
        var batch = new ConfigSection(root, string.Empty, errors).Section("processors").Section("batch");

        var value = batch.Int("send_batch_size", 8192);

        Assert.Equal(8192, value);
        var error = Assert.Single(errors.Items);
        Assert.Equal("processors::batch::send_batch_size", error.Path);
        Assert.Equal(new SourceLocation(ConfigHelper.Source, 3, 22), error.Location);
        Assert.Equal("test.yaml:3:22: processors::batch::send_batch_size: expected an integer, found \"abc\"", error.ToString());
    }

    [Theory]
    [InlineData("v: abc", "expected an integer, found \"abc\"")]
    [InlineData("v: 1.5", "expected an integer, found \"1.5\"")]
    [InlineData("v: [1]", "expected an integer, found a list")]
    [InlineData("v: {a: 1}", "expected an integer, found a map")]
    public void Int_rejects_what_is_not_an_integer(string yaml, string message)
    {
        var errors = new ConfigErrors();
        Assert.Equal(5, Section(yaml, errors).Int("v", 5));
        Assert.Equal(message, Assert.Single(errors.Items).Message);
    }

    [Fact]
    public void Int_range_is_checked()
    {
        var errors = new ConfigErrors();
        var s = Section("low: -1\nhigh: 11\nok: 10\n", errors);

        Assert.Equal(0, s.Int("low", 0, min: 0));
        Assert.Equal(1, s.Int("high", 1, min: 0, max: 10));
        Assert.Equal(10, s.Int("ok", 1, min: 0, max: 10));

        Assert.Equal(["must be at least 0, found -1", "must be between 0 and 10, found 11"], errors.Items.Select(e => e.Message));
    }

    [Fact]
    public void Int_that_overflows_is_an_error_that_names_the_upper_bound()
    {
        var errors = new ConfigErrors();
        var s = Section("send_batch_size: 3000000000\n", errors);

        Assert.Equal(8192, s.Int("send_batch_size", 8192, min: 0));

        var error = Assert.Single(errors.Items);
        // The value is above int.MaxValue; an error saying "must be at least 0" would send the user the wrong way.
        Assert.Contains("2147483647", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v: yes", "expected true or false, found \"yes\"")]
    [InlineData("v: 1", "expected true or false, found \"1\"")]
    [InlineData("v: [true]", "expected true or false, found a list")]
    public void Bool_rejects_other_words(string yaml, string message)
    {
        var errors = new ConfigErrors();
        Assert.True(Section(yaml, errors).Bool("v", true));
        Assert.Equal(message, Assert.Single(errors.Items).Message);
    }

    [Fact]
    public void Double_and_string_and_list_type_errors()
    {
        var errors = new ConfigErrors();
        var s = Section("d: lots\ns: [a]\nl: word\nm: [x]\nli: [a, [b], c]\n", errors);

        Assert.Equal(1.0, s.Double("d", 1.0));
        Assert.Equal("dflt", s.String("s", "dflt"));
        Assert.Null(s.StringList("l"));
        Assert.Null(s.StringMap("m"));
        Assert.Equal(["a", "c"], s.StringList("li"));

        Assert.Equal(
            [
                "expected a number, found \"lots\"",
                "expected a string, found a list",
                "expected a list, found \"word\"",
                "expected a map, found a list",
                "expected a list of strings, found a list in it",
            ],
            errors.Items.Select(e => e.Message));
    }

    [Fact]
    public void Choice_rejects_unknown_words_and_lists_the_valid_ones()
    {
        var errors = new ConfigErrors();
        Assert.Equal("basic", Section("verbosity: loud\n", errors, "exporters::debug").Choice("verbosity", "basic", "basic", "normal", "detailed"));

        var error = Assert.Single(errors.Items);
        Assert.Equal("exporters::debug::verbosity", error.Path);
        Assert.Equal("invalid value \"loud\" (valid values: basic, normal, detailed)", error.Message);
    }

    [Theory]
    [InlineData("200ms", 200)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("500us", 0.5)]
    [InlineData("500µs", 0.5)]
    [InlineData("1000000ns", 1)]
    [InlineData(".5s", 500)]
    [InlineData("+5s", 5_000)]
    public void GoDuration_parses_go_syntax(string text, double milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("5")]
    [InlineData("ms")]
    [InlineData("1x")]
    [InlineData("1.2.3s")]
    [InlineData("1 s")]
    [InlineData("s5")]
    [InlineData("5sec")]
    [InlineData("-")]
    [InlineData("99999999999h")]
    public void GoDuration_rejects_bad_text(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Fact]
    public void GoDuration_negative_parses_but_a_config_duration_must_not_be_negative()
    {
        Assert.True(GoDuration.TryParse("-1s", out var negative));
        Assert.Equal(TimeSpan.FromSeconds(-1), negative);

        var errors = new ConfigErrors();
        Assert.Equal(TimeSpan.FromSeconds(7), Section("timeout: -1s\n", errors).Duration("timeout", TimeSpan.FromSeconds(7)));
        Assert.Equal("must not be negative, found \"-1s\"", Assert.Single(errors.Items).Message);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("5s")]
    [InlineData("200ms")]
    [InlineData("1.5s")]
    public void GoDuration_format_round_trips(string text)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.True(GoDuration.TryParse(GoDuration.Format(value), out var again));
        Assert.Equal(value, again);
    }

    [Fact]
    public void Bad_duration_is_an_error_with_path()
    {
        var errors = new ConfigErrors();

        Assert.Equal(TimeSpan.FromMilliseconds(200), Section("timeout: soon\n", errors).Duration("timeout", TimeSpan.FromMilliseconds(200)));

        var error = Assert.Single(errors.Items);
        Assert.Equal("processors::batch::timeout", error.Path);
        Assert.Equal("expected a duration such as 200ms, 5s or 1m, found \"soon\"", error.Message);
        Assert.Equal(1, error.Location!.Value.Line);
    }

    [Fact]
    public void Unknown_key_is_named_with_the_valid_keys_and_its_location()
    {
        var errors = new ConfigErrors();
        var s = Section("timeout: 1s\nsend_batch_sise: 10\n", errors);
        s.Duration("timeout", TimeSpan.Zero);
        s.Int("send_batch_size", 0);
        s.Has("metadata_keys");

        s.ReportUnknownKeys();

        var error = Assert.Single(errors.Items);
        Assert.Equal("processors::batch", error.Path);
        Assert.Equal("unknown key \"send_batch_sise\" (valid keys: timeout, send_batch_size, metadata_keys); did you mean \"send_batch_size\"?", error.Message);
        Assert.Equal(new SourceLocation(ConfigHelper.Source, 2, 1), error.Location);
    }

    [Fact]
    public void Unknown_key_in_a_section_taking_no_keys()
    {
        var errors = new ConfigErrors();
        var s = Section("anything: 1\n", errors, "extensions::x");

        s.ReportUnknownKeys();

        Assert.Equal("unknown key \"anything\" (this section takes no keys)", Assert.Single(errors.Items).Message);
    }

    [Fact]
    public void Section_that_is_not_a_map_is_an_error()
    {
        var errors = new ConfigErrors();
        var root = ConfigHelper.ReadMap("receivers:\n  testrcv: 5\n");

        var s = new ConfigSection(root, string.Empty, errors).Section("receivers").Section("testrcv");

        var error = Assert.Single(errors.Items);
        Assert.Equal("receivers::testrcv", error.Path);
        Assert.Equal("expected a map of settings, found \"5\"", error.Message);
        Assert.Equal("dflt", s.String("x", "dflt"));
    }

    [Fact]
    public void Nested_sections_build_double_colon_paths()
    {
        var errors = new ConfigErrors();
        var root = ConfigHelper.ReadMap("receivers:\n  otlp:\n    protocols:\n      grpc:\n        max_recv_msg_size_mib: x\n");

        new ConfigSection(root, string.Empty, errors).Section("receivers").Section("otlp").Section("protocols").Section("grpc").Int("max_recv_msg_size_mib", 4);

        Assert.Equal("receivers::otlp::protocols::grpc::max_recv_msg_size_mib", Assert.Single(errors.Items).Path);
    }

    [Fact]
    public void Errors_are_collected_not_thrown()
    {
        var errors = new ConfigErrors();
        var root = ConfigHelper.ReadMap("processors:\n  batch:\n    send_batch_size: abc\n    timeout: forever\n    metadata_keys: tenant\n    unknown_one: 1\n");
        var section = new ConfigSection(root, string.Empty, errors).Section("processors").Section("batch");

        var options = BatchOptions.Bind(section);

        Assert.Equal(4, errors.Items.Count);
        Assert.Equal(
            [
                (3, "processors::batch::send_batch_size", "expected an integer, found \"abc\""),
                (4, "processors::batch::timeout", "expected a duration such as 200ms, 5s or 1m, found \"forever\""),
                (5, "processors::batch::metadata_keys", "expected a list, found \"tenant\""),
                (6, "processors::batch", "unknown key \"unknown_one\" (valid keys: send_batch_size, timeout, send_batch_max_size, metadata_keys, metadata_cardinality_limit, max_buffered_items)"),
            ],
            errors.Items.Select(e => (e.Location!.Value.Line, e.Path, e.Message)));
        Assert.Equal(8192, options.SendBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Timeout);
        Assert.Empty(options.MetadataKeys);
    }

    [Fact]
    public void Config_exception_lists_every_error()
    {
        var errors = new ConfigErrors();
        errors.Add(new SourceLocation("a.yaml", 1, 2), "x::y", "first");
        errors.Add((SourceLocation?)null, "z", "second");

        var ex = new ConfigException(errors.Items);

        Assert.Contains("2 errors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a.yaml:1:2: x::y: first", ex.Message, StringComparison.Ordinal);
        Assert.Contains("z: second", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Errors.Count);
    }
}
