using MiniCollector.Exporters.Prometheus.Translation;

namespace MiniCollector.Exporters.Tests.Prometheus.Translation;

public class TranslationStrategiesTests
{
    [Theory]
    [InlineData("UnderscoreEscapingWithSuffixes", TranslationStrategy.UnderscoreEscapingWithSuffixes)]
    [InlineData("UnderscoreEscapingWithoutSuffixes", TranslationStrategy.UnderscoreEscapingWithoutSuffixes)]
    [InlineData("NoUTF8EscapingWithSuffixes", TranslationStrategy.NoUTF8EscapingWithSuffixes)]
    [InlineData("NoTranslation", TranslationStrategy.NoTranslation)]
    public void Exact_config_names_parse(string text, TranslationStrategy expected)
    {
        Assert.True(TranslationStrategies.TryParse(text, out var strategy));
        Assert.Equal(expected, strategy);
        Assert.Equal(text, strategy.ConfigName());
    }

    [Theory]
    [InlineData("underscoreescapingwithsuffixes")]
    [InlineData(" NoTranslation")]
    [InlineData("NoUTF8Escaping")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text)
    {
        Assert.False(TranslationStrategies.TryParse(text, out _));
    }

    [Fact]
    public void Invalid_message_matches_the_reference()
    {
        Assert.Equal("invalid translation_strategy: Foo", TranslationStrategies.InvalidMessage("Foo"));
        Assert.Equal(4, TranslationStrategies.Names.Count);
    }

    [Fact]
    public void Add_metric_suffixes_maps_to_an_escaping_strategy_when_no_strategy_is_set()
    {
        Assert.Equal(TranslationStrategy.UnderscoreEscapingWithSuffixes, TranslationStrategies.FromAddMetricSuffixes(true));
        Assert.Equal(TranslationStrategy.UnderscoreEscapingWithoutSuffixes, TranslationStrategies.FromAddMetricSuffixes(false));
        Assert.Equal(TranslationStrategy.UnderscoreEscapingWithoutSuffixes, TranslationStrategies.Resolve(null, addMetricSuffixes: false));
    }

    [Fact]
    public void A_set_strategy_wins_over_add_metric_suffixes()
    {
        Assert.Equal(TranslationStrategy.NoTranslation, TranslationStrategies.Resolve(TranslationStrategy.NoTranslation, addMetricSuffixes: true));
        Assert.Equal(TranslationStrategy.UnderscoreEscapingWithSuffixes, TranslationStrategies.Resolve(TranslationStrategy.UnderscoreEscapingWithSuffixes, addMetricSuffixes: false));
    }

    [Fact]
    public void Strategy_properties()
    {
        Assert.True(TranslationStrategy.UnderscoreEscapingWithSuffixes.EscapesNames());
        Assert.True(TranslationStrategy.UnderscoreEscapingWithSuffixes.AddsSuffixes());
        Assert.True(TranslationStrategy.UnderscoreEscapingWithoutSuffixes.EscapesNames());
        Assert.False(TranslationStrategy.UnderscoreEscapingWithoutSuffixes.AddsSuffixes());
        Assert.False(TranslationStrategy.NoUTF8EscapingWithSuffixes.EscapesNames());
        Assert.True(TranslationStrategy.NoUTF8EscapingWithSuffixes.AddsSuffixes());
        Assert.False(TranslationStrategy.NoTranslation.EscapesNames());
        Assert.False(TranslationStrategy.NoTranslation.AddsSuffixes());
    }
}
