namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Names the config sources for people to read (the zpages service view): files, <c>env:</c> and <c>embedded:</c>
/// sources as given; inline <c>yaml:</c> sources and <c>--set</c> overrides by the keys they set, never by their values,
/// which may be secrets (<c>--set extensions.bearertokenauth.token=…</c>).
/// </summary>
public static class ConfigSourceNames
{
    /// <summary>The sources in merge order, then the overrides.</summary>
    public static IReadOnlyList<string> Describe(IReadOnlyList<string> configs, IReadOnlyList<string> sets)
    {
        var names = new List<string>(configs.Count + sets.Count);
        foreach (var config in configs)
        {
            names.Add(config.StartsWith("yaml:", StringComparison.Ordinal) ? "yaml:" + InlineKeys(config["yaml:".Length..]) : config);
        }

        foreach (var set in sets)
        {
            int eq = set.IndexOf('=');
            names.Add("--set " + (eq < 0 ? set : set[..eq]));
        }

        return names;
    }

    // "a::b::c: value" → "a::b::c"; anything else (a flow map, several lines) is not taken apart.
    private static string InlineKeys(string yaml)
    {
        int colon = yaml.IndexOf(": ", StringComparison.Ordinal);
        return colon <= 0 || yaml.AsSpan(0, colon).IndexOfAny("{[\n\"'") >= 0 ? "(inline)" : yaml[..colon];
    }
}
