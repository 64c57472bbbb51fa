using MiniCollector.Exporters.Prometheus.Translation;

namespace MiniCollector.Exporters.Tests.Prometheus.Translation;

public class LabelNameTests
{
    private static string Label(string key, TranslationStrategy strategy = TranslationStrategy.UnderscoreEscapingWithSuffixes) =>
        PrometheusNames.LabelName(key, strategy);

    [Theory]
    [InlineData("name", "name")]
    [InlineData("host.name", "host_name")]
    [InlineData("host_name", "host_name")]
    [InlineData("http.request.method", "http_request_method")]
    [InlineData("service-name", "service_name")]
    [InlineData("label:with:colons", "label_with_colons")]
    [InlineData("LabelWithCapitalLetters", "LabelWithCapitalLetters")]
    [InlineData("label!with&special$chars)", "label_with_special_chars_")]
    [InlineData("label_with_foreign_characters_字符", "label_with_foreign_characters_")]
    public void Invalid_characters_become_underscores(string key, string expected)
    {
        Assert.Equal(expected, Label(key));
    }

    [Theory]
    [InlineData("a__b", "a_b")]
    [InlineData("name (of the host)", "name_of_the_host_")]
    [InlineData("label.name__with&&special##chars", "label_name_with_special_chars")]
    [InlineData("trailing_underscores___", "trailing_underscores_")]
    public void Runs_of_underscores_collapse(string key, string expected)
    {
        Assert.Equal(expected, Label(key));
    }

    [Theory]
    [InlineData("2 cents", "key_2_cents")]
    [InlineData("123label", "key_123label")]
    [InlineData("0", "key_0")]
    public void Leading_digit_gets_key_prefix(string key, string expected)
    {
        Assert.Equal(expected, Label(key));
    }

    [Theory]
    [InlineData("_name", "key_name")]
    [InlineData("_label_starting_with_underscore", "key_label_starting_with_underscore")]
    [InlineData(".hidden", "key_hidden")]
    public void Single_leading_underscore_gets_key(string key, string expected)
    {
        Assert.Equal(expected, Label(key));
    }

    [Theory]
    [InlineData("__name__", "__name__")]
    [InlineData("__reserved__label__name__", "__reserved_label_name__")]
    [InlineData("__a.b__", "__a_b__")]
    public void Reserved_double_underscore_names_keep_their_underscores(string key, string expected)
    {
        Assert.Equal(expected, Label(key));
    }

    [Fact]
    public void Double_underscore_prefix_without_suffix_is_not_reserved()
    {
        // Collapsed to a single leading '_', which then gets "key".
        Assert.Equal("key_label_starting_with_2underscores", Label("__label_starting_with_2underscores"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("____")]
    public void Keys_with_no_valid_name_give_empty(string key)
    {
        Assert.Equal("", Label(key));
        Assert.Equal("", Label(key, TranslationStrategy.NoTranslation));
    }

    [Fact]
    public void Keys_of_only_invalid_characters_follow_the_reference()
    {
        // "ようこそ" → "_" → "key_", as the reference exporter's default label namer gives.
        Assert.Equal("key_", Label("ようこそ"));
    }

    [Fact]
    public void Both_escaping_strategies_name_labels_the_same()
    {
        Assert.Equal("http_method", Label("http.method", TranslationStrategy.UnderscoreEscapingWithoutSuffixes));
    }

    [Theory]
    [InlineData(TranslationStrategy.NoUTF8EscapingWithSuffixes)]
    [InlineData(TranslationStrategy.NoTranslation)]
    public void Utf8_strategies_keep_keys(TranslationStrategy strategy)
    {
        Assert.Equal("http.request.method", Label("http.request.method", strategy));
        Assert.Equal("ようこそ", Label("ようこそ", strategy));
        Assert.Equal("123label", Label("123label", strategy));
    }

    [Fact]
    public void A_valid_key_is_returned_as_the_same_instance()
    {
        const string key = "http_method";
        Assert.Same(key, Label(key));
    }
}
