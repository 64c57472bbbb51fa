using System.Text.RegularExpressions;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>
/// Structural checks of an OpenMetrics 1.0 exposition (promtool 2.42 only reads the text format): one <c># EOF</c>
/// at the end, each family's metadata once and before its samples, every sample named after the family it sits in
/// with a suffix its type allows, no repeated label names or series, a UNIT that ends the family name, exemplars only
/// on counter totals and histogram buckets.
/// </summary>
internal static partial class OpenMetricsShape
{
    private static readonly Dictionary<string, string[]> Suffixes = new(StringComparer.Ordinal)
    {
        ["counter"] = ["_total", "_created"],
        ["gauge"] = [""],
        ["unknown"] = [""],
        ["info"] = ["_info"],
        ["stateset"] = [""],
        ["histogram"] = ["_bucket", "_sum", "_count", "_created"],
        ["gaugehistogram"] = ["_bucket", "_gsum", "_gcount"],
        ["summary"] = ["", "_sum", "_count", "_created"],
    };

    public static IReadOnlyList<string> Check(string text)
    {
        var errors = new List<string>();
        if (!text.EndsWith("# EOF\n", StringComparison.Ordinal) && !text.EndsWith("# EOF", StringComparison.Ordinal))
        {
            errors.Add("does not end with # EOF");
        }

        var lines = text.Split('\n');
        var families = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? family = null;
        string? type = null;
        bool sawSample = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1} \"{line}\"";
            if (line == "# EOF")
            {
                if (i < lines.Length - 2 || (i == lines.Length - 2 && lines[^1].Length != 0))
                {
                    errors.Add($"{where}: # EOF before the end");
                }

                continue;
            }

            if (line.Length == 0)
            {
                if (i != lines.Length - 1)
                {
                    errors.Add($"{where}: empty line");
                }

                continue;
            }

            if (line.StartsWith('#'))
            {
                var meta = Metadata().Match(line);
                if (!meta.Success)
                {
                    errors.Add($"{where}: not a metadata line");
                    continue;
                }

                var kind = meta.Groups[1].Value;
                var name = meta.Groups[2].Value;
                var rest = meta.Groups[3].Value;
                if (kind == "TYPE")
                {
                    if (!families.Add(name))
                    {
                        errors.Add($"{where}: metric family {name} appears twice");
                    }

                    if (!Suffixes.ContainsKey(rest))
                    {
                        errors.Add($"{where}: unknown type {rest}");
                    }

                    family = name;
                    type = rest;
                    sawSample = false;
                }
                else if (name != family || sawSample)
                {
                    errors.Add($"{where}: {kind} not right after the TYPE of its family");
                }
                else if (kind == "UNIT" && !(name.EndsWith("_" + rest, StringComparison.Ordinal)))
                {
                    errors.Add($"{where}: the family name does not end with its unit");
                }

                continue;
            }

            var sample = Sample().Match(line);
            if (!sample.Success)
            {
                errors.Add($"{where}: not a sample line");
                continue;
            }

            sawSample = true;
            var metric = sample.Groups["name"].Value;
            if (family is null || type is null)
            {
                errors.Add($"{where}: sample before any TYPE");
                continue;
            }

            var suffix = metric.StartsWith(family, StringComparison.Ordinal) ? metric[family.Length..] : null;
            if (suffix is null || !Suffixes[type].Contains(suffix))
            {
                errors.Add($"{where}: sample {metric} does not belong to {type} family {family}");
            }

            var labels = sample.Groups["labels"].Value;
            var names = LabelName().Matches(labels).Select(m => m.Groups[1].Value).ToList();
            if (names.Count != names.Distinct(StringComparer.Ordinal).Count())
            {
                errors.Add($"{where}: repeated label name");
            }

            if (!series.Add(metric + labels))
            {
                errors.Add($"{where}: series repeated");
            }

            if (sample.Groups["exemplar"].Success && !(suffix is "_total" || (type == "histogram" && suffix == "_bucket")))
            {
                errors.Add($"{where}: exemplar on a sample that cannot have one");
            }
        }

        return errors;
    }

    public static void AssertValid(string text)
    {
        var errors = Check(text);
        Assert.True(errors.Count == 0, "OpenMetrics problems:\n" + string.Join("\n", errors) + "\n---\n" + text);
    }

    [GeneratedRegex("""^# (TYPE|HELP|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$""")]
    private static partial Regex Metadata();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*")*)?\})? (?<value>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?Inf|NaN)(?: (?<ts>[-+]?\d+(?:\.\d+)?))?(?<exemplar> # \{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*")*)?\} [-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?: [-+]?\d+(?:\.\d+)?)?)?$""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""(?:\\.|[^""\\])*""")]
    private static partial Regex LabelName();
}
