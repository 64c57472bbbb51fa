namespace MiniCollector.Exporters.Prometheus.Translation;

public static partial class PrometheusNames
{
    /// <summary>
    /// The words an OTLP (UCUM) unit becomes, used for the name's unit suffix and for OpenMetrics <c># UNIT</c>:
    /// <c>ms</c> → <c>milliseconds</c>, <c>By/s</c> → <c>bytes_per_second</c>, <c>{packet}/s</c> → <c>per_second</c>.
    /// </summary>
    /// <remarks>
    /// The unit is split at its first <c>/</c>; each side is trimmed, dropped when it holds a <c>{…}</c> annotation,
    /// otherwise mapped through the contrib translator's tables (main: <c>s</c> → <c>seconds</c>, <c>By</c> →
    /// <c>bytes</c>, <c>%</c> → <c>percent</c>, <c>$</c> → <c>dollars</c>, …; per: <c>s</c> → <c>second</c>,
    /// <c>m</c> → <c>minute</c>, …). An unknown unit is kept as written, reduced to <c>[a-zA-Z0-9]</c> runs joined by
    /// <c>_</c>. Unit <c>1</c> gives the empty string: a gauge's <c>_ratio</c> is <see cref="MetricName"/>'s business.
    /// </remarks>
    public static string UnitWords(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        SplitUnit(unit, out var main, out var per);
        if (per.IsEmpty && MainWord(main) is { } word)
        {
            return word;
        }

        var words = new CharBuffer(stackalloc char[64]);
        try
        {
            AppendMainWords(main, ref words);
            AppendPerWords(per, ref words);
            return words.Written.SequenceEqual(unit) ? unit : words.Written.ToString();
        }
        finally
        {
            words.Dispose();
        }
    }

    /// <summary>
    /// The OpenMetrics <c># UNIT</c> of an exposed metric: its unit words (<c>ratio</c> for a gauge of unit
    /// <c>1</c>), or empty when the family name (the exposed name without a counter's <c>_total</c>) does not end in
    /// <c>_</c> and those words. OpenMetrics requires that suffix and Prometheus' parser rejects a UNIT without it,
    /// which happens when suffixes are off or the name already held the unit elsewhere (<c>bytes_received</c>).
    /// </summary>
    public static string UnitMetadata(string exposedName, string unit, MetricKind kind)
    {
        ArgumentNullException.ThrowIfNull(exposedName);
        ArgumentNullException.ThrowIfNull(unit);
        string words = kind == MetricKind.Gauge && unit == "1" ? "ratio" : UnitWords(unit);
        if (words.Length == 0)
        {
            return string.Empty;
        }

        ReadOnlySpan<char> family = exposedName;
        if (kind == MetricKind.MonotonicCounter && family.EndsWith("_total", StringComparison.Ordinal))
        {
            family = family[..^"_total".Length];
        }

        bool suffixed = family.Length > words.Length
            && family.EndsWith(words, StringComparison.Ordinal)
            && family[family.Length - words.Length - 1] == '_';
        return suffixed ? words : string.Empty;
    }

    // Splits at the first '/', trims both sides and blanks a side that carries a {annotation}.
    private static void SplitUnit(ReadOnlySpan<char> unit, out ReadOnlySpan<char> main, out ReadOnlySpan<char> per)
    {
        int slash = unit.IndexOf('/');
        main = (slash < 0 ? unit : unit[..slash]).Trim();
        per = slash < 0 ? default : unit[(slash + 1)..].Trim();
        if (main.IndexOfAny('{', '}') >= 0)
        {
            main = default;
        }

        if (per.IndexOfAny('{', '}') >= 0)
        {
            per = default;
        }
    }

    // The contrib translator's unit table (pkg/translator/prometheus README), including its B/KB/MB/GB/TB and $ rows.
    private static string? MainWord(ReadOnlySpan<char> unit) => unit switch
    {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "TiBy" => "tibibytes",
        "KBy" => "kilobytes",
        "MBy" => "megabytes",
        "GBy" => "gigabytes",
        "TBy" => "terabytes",
        "B" => "bytes",
        "KB" => "kilobytes",
        "MB" => "megabytes",
        "GB" => "gigabytes",
        "TB" => "terabytes",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "Hz" => "hertz",
        "%" => "percent",
        "$" => "dollars",
        "1" => "",
        "" => "",
        _ => null,
    };

    // The "per" side is singular: By/s is bytes_per_second.
    private static string? PerWord(ReadOnlySpan<char> unit) => unit switch
    {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "mo" => "month",
        "y" => "year",
        _ => null,
    };

    private static void AppendMainWords(ReadOnlySpan<char> main, ref CharBuffer into)
    {
        if (!main.IsEmpty)
        {
            AppendTokens(MainWord(main) ?? main, ref into, colon: false);
        }
    }

    // Appends "per_<word>", or nothing when the per side is blank or cleans to nothing.
    private static void AppendPerWords(ReadOnlySpan<char> per, ref CharBuffer into)
    {
        if (per.IsEmpty)
        {
            return;
        }

        var word = new CharBuffer(stackalloc char[32]);
        try
        {
            AppendTokens(PerWord(per) ?? per, ref word, colon: false);
            if (word.Length > 0)
            {
                into.AppendJoined("per");
                into.AppendJoined(word.Written);
            }
        }
        finally
        {
            word.Dispose();
        }
    }
}
