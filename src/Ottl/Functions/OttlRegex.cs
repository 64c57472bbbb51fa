using System.Text;
using System.Text.RegularExpressions;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Ottl.Functions;

/// <summary>
/// Regular expressions (compiled as every config pattern is, <see cref="ConfigRegex"/>) and glob patterns of OTTL
/// functions. Replacement templates follow Go's <c>Regexp.Expand</c>:
/// <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c> for a dollar.
/// </summary>
internal static class OttlRegex
{
    /// <summary>The compiled pattern, or null with the engine's message.</summary>
    public static Regex? TryCompile(string pattern, out string? error) => ConfigRegex.TryCompile(pattern, out error);

    /// <summary>
    /// A glob as the reference's <c>replace_match</c> reads it: <c>*</c> any run of characters, <c>?</c> one character,
    /// <c>[abc]</c> / <c>[!abc]</c> / <c>[a-z]</c> classes, <c>{a,b}</c> alternatives, <c>\</c> escapes; the whole
    /// value must match.
    /// </summary>
    public static Regex? TryCompileGlob(string glob, out string? error)
    {
        var pattern = new StringBuilder("^");
        int braces = 0;
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            switch (c)
            {
                case '*': pattern.Append(".*"); break;
                case '?': pattern.Append('.'); break;
                case '\\' when i + 1 < glob.Length: pattern.Append(Regex.Escape(glob[++i].ToString())); break;
                case '[':
                    int close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        error = $"unclosed \"[\" at position {i + 1}";
                        return null;
                    }

                    var body = glob[(i + 1)..close];
                    pattern.Append('[').Append(body.StartsWith('!') ? "^" + body[1..].Replace("\\", "\\\\", StringComparison.Ordinal) : body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                case '{': braces++; pattern.Append("(?:"); break;
                case '}' when braces > 0: braces--; pattern.Append(')'); break;
                case ',' when braces > 0: pattern.Append('|'); break;
                default: pattern.Append(Regex.Escape(c.ToString())); break;
            }
        }

        if (braces > 0)
        {
            error = "unclosed \"{\"";
            return null;
        }

        return TryCompile(pattern.Append('$').ToString(), out error);
    }

    /// <summary>Expands a Go replacement template for one match.</summary>
    public static string Expand(Match match, Regex regex, string template)
    {
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var result = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                result.Append(c);
                continue;
            }

            if (template[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }

            string? name = null;
            int end = i;
            if (template[i + 1] == '{')
            {
                int close = template.IndexOf('}', i + 2);
                if (close > i + 2)
                {
                    name = template[(i + 2)..close];
                    end = close;
                }
            }
            else
            {
                int j = i + 1;
                while (j < template.Length && (char.IsAsciiLetterOrDigit(template[j]) || template[j] == '_'))
                {
                    j++;
                }

                if (j > i + 1)
                {
                    name = template[(i + 1)..j];
                    end = j - 1;
                }
            }

            if (name is null)
            {
                // Malformed: the dollar is text, as Go treats it.
                result.Append('$');
                continue;
            }

            var group = int.TryParse(name, out int number) ? (number < regex.GetGroupNumbers().Length ? match.Groups[number] : null) : match.Groups[name];
            if (group is { Success: true })
            {
                result.Append(group.Value);
            }

            i = end;
        }

        return result.ToString();
    }
}
