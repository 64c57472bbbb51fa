namespace MiniCollector.Exporters.Prometheus.Translation;

/// <summary>
/// OTLP → Prometheus naming: metric names, unit words, label names and attribute values, following the OpenTelemetry
/// "Prometheus and OpenMetrics compatibility" spec and the reference collector's translator.
/// </summary>
/// <remarks>
/// Every function is pure and deterministic, so results can be memoised (<see cref="MetricNameCache"/>); when the
/// input is already the answer, the same string instance is returned and nothing is allocated.
/// </remarks>
public static partial class PrometheusNames
{
    /// <summary>The Prometheus name of an OTLP metric under <paramref name="strategy"/>.</summary>
    /// <remarks>
    /// <para>Escaping strategies: the name (and the namespace) is cut into tokens of <c>[a-zA-Z0-9:]</c> (everything
    /// else, <c>_</c> included, separates tokens) joined by one <c>_</c>, so invalid characters become <c>_</c>, runs
    /// collapse and leading or trailing <c>_</c> go; the namespace comes first; a leading digit gets a <c>_</c>.</para>
    /// <para>With suffixes: the unit words (<see cref="UnitWords"/>) are added unless the name already contains them as
    /// whole tokens, main words before <c>per_…</c>; then a monotonic counter has every <c>total</c> token removed
    /// and one <c>total</c> added last (<c>total.requests</c> → <c>requests_total</c>), and a gauge of unit
    /// <c>1</c> does the same with <c>ratio</c>. Unit before type suffix; namespace tokens are never checked or
    /// removed.</para>
    /// <para>NoUTF8EscapingWithSuffixes: <c>namespace_name</c> kept as written; a trailing <c>ratio</c>,
    /// <c>total</c> or per-unit (after a non-alphanumeric delimiter) is moved to the end, and the main unit is added
    /// unless the name already ends with it. NoTranslation: <c>namespace_name</c>, nothing else.</para>
    /// <para>The result is empty when nothing is left of the name (<c>@#$%</c> as a gauge): drop the metric.</para>
    /// </remarks>
    public static string MetricName(string otlpName, string unit, MetricKind kind, string @namespace, TranslationStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(otlpName);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(@namespace);
        return strategy switch
        {
            TranslationStrategy.UnderscoreEscapingWithSuffixes => EscapedMetricName(otlpName, unit, kind, @namespace, suffixes: true),
            TranslationStrategy.UnderscoreEscapingWithoutSuffixes => EscapedMetricName(otlpName, unit, kind, @namespace, suffixes: false),
            TranslationStrategy.NoUTF8EscapingWithSuffixes => Utf8MetricName(otlpName, unit, kind, @namespace),
            TranslationStrategy.NoTranslation => @namespace.Length == 0 ? otlpName : string.Concat(@namespace, "_", otlpName),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
        };
    }

    private static string EscapedMetricName(string otlpName, string unit, MetricKind kind, string @namespace, bool suffixes)
    {
        var name = new CharBuffer(stackalloc char[128]);
        var output = new CharBuffer(stackalloc char[192]);
        var mainUnit = new CharBuffer(stackalloc char[48]);
        var perUnit = new CharBuffer(stackalloc char[48]);
        try
        {
            AppendTokens(@namespace, ref output, colon: true);
            AppendTokens(otlpName, ref name, colon: true);
            if (!suffixes)
            {
                output.AppendJoined(name.Written);
                return Finish(output.Written, otlpName);
            }

            SplitUnit(unit, out var main, out var per);
            AppendMainWords(main, ref mainUnit);
            AppendPerWords(per, ref perUnit);
            bool total = kind == MetricKind.MonotonicCounter;
            bool ratio = kind == MetricKind.Gauge && unit == "1";

            // The type suffix must come last, so an existing one (wherever it is) is taken out and put back at the end.
            ReadOnlySpan<char> rest = name.Written;
            while (!rest.IsEmpty)
            {
                int cut = rest.IndexOf('_');
                var token = cut < 0 ? rest : rest[..cut];
                rest = cut < 0 ? default : rest[(cut + 1)..];
                if (!(total && token.SequenceEqual("total")) && !(ratio && token.SequenceEqual("ratio")))
                {
                    output.AppendJoined(token);
                }
            }

            if (!ContainsTokens(name.Written, mainUnit.Written))
            {
                output.AppendJoined(mainUnit.Written);
            }

            if (!ContainsTokens(name.Written, perUnit.Written))
            {
                output.AppendJoined(perUnit.Written);
            }

            if (total)
            {
                output.AppendJoined("total");
            }
            else if (ratio)
            {
                output.AppendJoined("ratio");
            }

            return Finish(output.Written, otlpName);
        }
        finally
        {
            name.Dispose();
            output.Dispose();
            mainUnit.Dispose();
            perUnit.Dispose();
        }
    }

    private static string Utf8MetricName(string otlpName, string unit, MetricKind kind, string @namespace)
    {
        var output = new CharBuffer(stackalloc char[192]);
        var mainUnit = new CharBuffer(stackalloc char[48]);
        var perUnit = new CharBuffer(stackalloc char[48]);
        try
        {
            if (@namespace.Length > 0)
            {
                output.Append(@namespace);
                output.Append('_');
            }

            output.Append(otlpName);
            SplitUnit(unit, out var main, out var per);
            AppendMainWords(main, ref mainUnit);
            AppendPerWords(per, ref perUnit);
            bool total = kind == MetricKind.MonotonicCounter;
            bool ratio = kind == MetricKind.Gauge && unit == "1";

            // Suffixes already present are taken off, outermost first, and written back in the canonical order.
            output.Truncate(TrimSuffix(output.Written, total ? "total" : ratio ? "ratio" : string.Empty));
            output.Truncate(TrimSuffix(output.Written, perUnit.Written));
            if (mainUnit.Length > 0 && !EndsWithSuffix(output.Written, mainUnit.Written))
            {
                output.Append('_');
                output.Append(mainUnit.Written);
            }

            if (perUnit.Length > 0)
            {
                output.Append('_');
                output.Append(perUnit.Written);
            }

            if (total || ratio)
            {
                output.Append(total ? "_total" : "_ratio");
            }

            return output.Written.SequenceEqual(otlpName) ? otlpName : output.Written.ToString();
        }
        finally
        {
            output.Dispose();
            mainUnit.Dispose();
            perUnit.Dispose();
        }
    }

    // Appends the runs of valid characters of text, each joined to what is already written by one '_'.
    private static void AppendTokens(ReadOnlySpan<char> text, ref CharBuffer into, bool colon)
    {
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool valid = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || (colon && text[i] == ':'));
            if (valid && start < 0)
            {
                start = i;
            }
            else if (!valid && start >= 0)
            {
                into.AppendJoined(text[start..i]);
                start = -1;
            }
        }
    }

    // Whether needle ("b_c") occurs in tokens ("a_b_c_d") as whole tokens. An empty needle counts as present.
    private static bool ContainsTokens(ReadOnlySpan<char> tokens, ReadOnlySpan<char> needle)
    {
        if (needle.IsEmpty)
        {
            return true;
        }

        int from = 0;
        while (from <= tokens.Length - needle.Length)
        {
            int at = tokens[from..].IndexOf(needle, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += from;
            int end = at + needle.Length;
            if ((at == 0 || tokens[at - 1] == '_') && (end == tokens.Length || tokens[end] == '_'))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    // Whether text ends with suffix on a boundary: all of text, or after a character that is not a letter or digit.
    private static bool EndsWithSuffix(ReadOnlySpan<char> text, ReadOnlySpan<char> suffix) =>
        !suffix.IsEmpty
        && text.EndsWith(suffix, StringComparison.Ordinal)
        && (text.Length == suffix.Length || !char.IsLetterOrDigit(text[text.Length - suffix.Length - 1]));

    // The length of text without a trailing "<delimiter><suffix>", when something remains before it.
    private static int TrimSuffix(ReadOnlySpan<char> text, ReadOnlySpan<char> suffix) =>
        text.Length > suffix.Length + 1 && EndsWithSuffix(text, suffix) ? text.Length - suffix.Length - 1 : text.Length;

    // A leading digit gets '_' (names must match [a-zA-Z_:]...); an unchanged name is returned as the same instance.
    private static string Finish(ReadOnlySpan<char> result, string original)
    {
        if (result.Length > 0 && char.IsAsciiDigit(result[0]))
        {
            return string.Concat("_", result);
        }

        return result.SequenceEqual(original) ? original : result.ToString();
    }
}
