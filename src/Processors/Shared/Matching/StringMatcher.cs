using System.Text.RegularExpressions;

namespace MiniCollector.Processors.Shared.Matching;

/// <summary>
/// A list of strings to match against, by <c>match_type</c>: <c>strict</c> is equality with any item, <c>regexp</c> is
/// any item's expression found in the text (Go's <c>MatchString</c>: anchor with <c>^…$</c> to match it whole).
/// </summary>
internal sealed class StringMatcher
{
    private readonly HashSet<string>? _strict;
    private readonly Regex[]? _regexes;

    private StringMatcher(HashSet<string>? strict, Regex[]? regexes)
    {
        _strict = strict;
        _regexes = regexes;
    }

    /// <summary>Exact matching against the items.</summary>
    public static StringMatcher Strict(IEnumerable<string> items) => new(new HashSet<string>(items, StringComparer.Ordinal), null);

    /// <summary>Matching by the compiled expressions.</summary>
    public static StringMatcher Regexp(IReadOnlyList<Regex> regexes) => new(null, [.. regexes]);

    /// <summary>True when any item matches.</summary>
    public bool Matches(string text)
    {
        if (_strict is not null)
        {
            return _strict.Contains(text);
        }

        foreach (var regex in _regexes!)
        {
            if (regex.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }
}
