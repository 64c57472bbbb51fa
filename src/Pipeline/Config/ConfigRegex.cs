using System.Text;
using System.Text.RegularExpressions;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Compiles the regular expressions configs carry. The reference uses Go's RE2; .NET's non-backtracking engine has
/// the same guarantees (time linear in the input, no backreferences or lookaround) and works the same under NativeAOT,
/// where compiled regexes would only be interpreted. RE2's <c>(?P&lt;name&gt;…)</c> group syntax is rewritten to .NET's
/// <c>(?&lt;name&gt;…)</c>, so patterns written for the reference work unchanged. Used by every component and language
/// (OTTL) that takes a pattern from the config.
/// </summary>
public static class ConfigRegex
{
    /// <summary>The compiled pattern, or null with <paramref name="error"/> set when it is not a valid expression.</summary>
    public static Regex? TryCompile(string pattern, out string? error)
    {
        try
        {
            error = null;
            return new Regex(Translate(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            error = ex.Message;
            return null;
        }
    }

    // Rewrites "(?P<" outside escapes and character classes; everything else is passed through as written.
    private static string Translate(string pattern)
    {
        if (!pattern.Contains("(?P<", StringComparison.Ordinal))
        {
            return pattern;
        }

        var result = new StringBuilder(pattern.Length);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                result.Append("(?<");
                i += 3;
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
