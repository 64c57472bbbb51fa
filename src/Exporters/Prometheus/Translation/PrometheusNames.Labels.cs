namespace MiniCollector.Exporters.Prometheus.Translation;

public static partial class PrometheusNames
{
    /// <summary>The Prometheus label name of an OTLP attribute key; empty when the key cannot be one (drop it).</summary>
    /// <remarks>
    /// <para>Escaping strategies, as the reference exporter does by default: every character outside
    /// <c>[a-zA-Z0-9]</c> becomes <c>_</c> and runs of <c>_</c> collapse (<c>http.request.method</c> →
    /// <c>http_request_method</c>, <c>a__b</c> → <c>a_b</c>); a reserved name (<c>__x__</c>, at least four
    /// characters) keeps its leading and trailing <c>__</c> and has only its inside cleaned; then a leading digit gets
    /// <c>key_</c> (<c>2xx</c> → <c>key_2xx</c>) and a single leading <c>_</c> gets <c>key</c> (<c>_foo</c> →
    /// <c>key_foo</c>). An empty key, or one that is only underscores afterwards, gives the empty string.</para>
    /// <para>UTF-8 strategies: the key as written; empty for an empty or underscores-only key.</para>
    /// </remarks>
    public static string LabelName(string key, TranslationStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!strategy.EscapesNames())
        {
            return IsUnderscoresOnly(key) ? string.Empty : key;
        }

        return EscapedLabelName(key);
    }

    private static string EscapedLabelName(string key)
    {
        if (key.Length == 0)
        {
            return string.Empty;
        }

        var name = new CharBuffer(stackalloc char[128]);
        try
        {
            bool reserved = key.Length >= 4 && key.StartsWith("__", StringComparison.Ordinal) && key.EndsWith("__", StringComparison.Ordinal);
            ReadOnlySpan<char> inside = reserved ? key.AsSpan(2, key.Length - 4) : key;
            if (reserved)
            {
                name.Append("__");
            }

            bool underscore = false;
            foreach (char c in inside)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    name.Append(c);
                    underscore = false;
                }
                else if (!underscore)
                {
                    name.Append('_');
                    underscore = true;
                }
            }

            if (reserved)
            {
                name.Append("__");
            }

            var text = name.Written;
            if (char.IsAsciiDigit(text[0]))
            {
                return string.Concat("key_", text);
            }

            if (text[0] == '_' && (text.Length == 1 || text[1] != '_'))
            {
                return string.Concat("key", text);
            }

            if (IsUnderscoresOnly(text))
            {
                return string.Empty;
            }

            return text.SequenceEqual(key) ? key : text.ToString();
        }
        finally
        {
            name.Dispose();
        }
    }

    private static bool IsUnderscoresOnly(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('_');
}
