namespace MiniCollector.Exporters.Prometheus.Translation;

/// <summary>Parsing and properties of <see cref="TranslationStrategy"/> values.</summary>
public static class TranslationStrategies
{
    /// <summary>The config spellings, in declaration order, for error messages that list the valid choices.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        nameof(TranslationStrategy.UnderscoreEscapingWithSuffixes),
        nameof(TranslationStrategy.UnderscoreEscapingWithoutSuffixes),
        nameof(TranslationStrategy.NoUTF8EscapingWithSuffixes),
        nameof(TranslationStrategy.NoTranslation),
    ];

    /// <summary>
    /// Reads a <c>translation_strategy</c> value. Only the exact, case-sensitive names are accepted, as in the
    /// reference; anything else returns false and the caller reports <c>invalid translation_strategy: X</c>.
    /// </summary>
    public static bool TryParse(string? text, out TranslationStrategy strategy)
    {
        switch (text)
        {
            case nameof(TranslationStrategy.UnderscoreEscapingWithSuffixes):
                strategy = TranslationStrategy.UnderscoreEscapingWithSuffixes;
                return true;
            case nameof(TranslationStrategy.UnderscoreEscapingWithoutSuffixes):
                strategy = TranslationStrategy.UnderscoreEscapingWithoutSuffixes;
                return true;
            case nameof(TranslationStrategy.NoUTF8EscapingWithSuffixes):
                strategy = TranslationStrategy.NoUTF8EscapingWithSuffixes;
                return true;
            case nameof(TranslationStrategy.NoTranslation):
                strategy = TranslationStrategy.NoTranslation;
                return true;
            default:
                strategy = TranslationStrategy.UnderscoreEscapingWithSuffixes;
                return false;
        }
    }

    /// <summary>The message the reference gives for an unknown <c>translation_strategy</c>.</summary>
    public static string InvalidMessage(string text) => "invalid translation_strategy: " + text;

    /// <summary>
    /// The strategy the deprecated <c>add_metric_suffixes</c> stands for when <c>translation_strategy</c> is not
    /// set: true (the default) is <see cref="TranslationStrategy.UnderscoreEscapingWithSuffixes"/>, false is
    /// <see cref="TranslationStrategy.UnderscoreEscapingWithoutSuffixes"/>. Names are always escaped on this path.
    /// </summary>
    public static TranslationStrategy FromAddMetricSuffixes(bool addMetricSuffixes) =>
        addMetricSuffixes ? TranslationStrategy.UnderscoreEscapingWithSuffixes : TranslationStrategy.UnderscoreEscapingWithoutSuffixes;

    /// <summary>
    /// The effective strategy: <paramref name="configured"/> when set (then <c>add_metric_suffixes</c> is ignored),
    /// otherwise the one <paramref name="addMetricSuffixes"/> stands for.
    /// </summary>
    public static TranslationStrategy Resolve(TranslationStrategy? configured, bool addMetricSuffixes) =>
        configured ?? FromAddMetricSuffixes(addMetricSuffixes);

    /// <summary>The config spelling of a strategy.</summary>
    public static string ConfigName(this TranslationStrategy strategy) => strategy switch
    {
        TranslationStrategy.UnderscoreEscapingWithSuffixes => nameof(TranslationStrategy.UnderscoreEscapingWithSuffixes),
        TranslationStrategy.UnderscoreEscapingWithoutSuffixes => nameof(TranslationStrategy.UnderscoreEscapingWithoutSuffixes),
        TranslationStrategy.NoUTF8EscapingWithSuffixes => nameof(TranslationStrategy.NoUTF8EscapingWithSuffixes),
        TranslationStrategy.NoTranslation => nameof(TranslationStrategy.NoTranslation),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    /// <summary>Whether metric and label names are escaped to the classic Prometheus charset.</summary>
    public static bool EscapesNames(this TranslationStrategy strategy) =>
        strategy is TranslationStrategy.UnderscoreEscapingWithSuffixes or TranslationStrategy.UnderscoreEscapingWithoutSuffixes;

    /// <summary>Whether unit and type suffixes are added to metric names.</summary>
    public static bool AddsSuffixes(this TranslationStrategy strategy) =>
        strategy is TranslationStrategy.UnderscoreEscapingWithSuffixes or TranslationStrategy.NoUTF8EscapingWithSuffixes;
}
