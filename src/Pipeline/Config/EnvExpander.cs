using System.Text;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Expands <c>${env:VAR}</c>, <c>${VAR}</c> and <c>${env:VAR:-default}</c> in config scalars, as the reference
/// collector does: unset variables become empty, <c>$$</c> is a literal dollar, bare <c>$VAR</c> is left alone.
/// </summary>
public sealed class EnvExpander(Func<string, string?> lookup)
{
    /// <summary>An expander over the process environment.</summary>
    public static EnvExpander Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>Expands one scalar; problems are reported and the offending reference is left as written.</summary>
    public string Expand(string text, Action<string> reportError)
    {
        if (!text.Contains('$'))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }

            char next = text[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }

            if (next != '{')
            {
                sb.Append(c);
                i++;
                continue;
            }

            int close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                reportError($"unterminated \"${{\" in \"{text}\"");
                sb.Append(text, i, text.Length - i);
                break;
            }

            var reference = text.Substring(i + 2, close - i - 2);
            sb.Append(Resolve(reference, reportError) ?? text.Substring(i, close - i + 1));
            i = close + 1;
        }

        return sb.ToString();
    }

    private string? Resolve(string reference, Action<string> reportError)
    {
        string name = reference;
        string? fallback = null;
        int colon = reference.IndexOf(':');
        if (colon >= 0)
        {
            var scheme = reference[..colon];
            if (scheme != "env")
            {
                reportError($"unsupported config source \"${{{reference}}}\": only the env scheme is supported (\"${{env:NAME}}\")");
                return null;
            }

            name = reference[(colon + 1)..];
        }

        int dflt = name.IndexOf(":-", StringComparison.Ordinal);
        if (dflt >= 0)
        {
            fallback = name[(dflt + 2)..];
            name = name[..dflt];
        }

        if (!IsValidName(name))
        {
            reportError($"invalid environment variable name \"{name}\" in \"${{{reference}}}\": names match [a-zA-Z_][a-zA-Z0-9_]*");
            return null;
        }

        // As in the reference, the default applies only when the variable is unset; set-but-empty stays empty.
        return lookup(name) ?? fallback ?? string.Empty;
    }

    private static bool IsValidName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (char ch in name)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
