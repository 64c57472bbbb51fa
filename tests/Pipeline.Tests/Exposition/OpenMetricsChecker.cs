using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MiniCollector.Pipeline.Tests.Exposition;

/// <summary>
/// A strict OpenMetrics 1.0 text checker written from the specification's ABNF and rules, for the tests: promtool
/// 2.42 only reads the Prometheus text format, so OpenMetrics output is judged here (and by a real Prometheus scrape
/// in the end-to-end tests). It returns every problem found, with the line number.
/// </summary>
public static partial class OpenMetricsChecker
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"];

    public static IReadOnlyList<string> Check(string exposition)
    {
        var errors = new List<string>();
        // Line endings must be a bare line feed; a carriage return inside a label value is a normal character.
        if (exposition.Contains("\r\n", StringComparison.Ordinal))
        {
            errors.Add("carriage return line ending in exposition");
        }

        var lines = exposition.Split('\n');
        var last = lines.Length - 1;
        if (lines[last].Length == 0 && last > 0)
        {
            last--; // the exposition SHOULD end with "# EOF\n"
        }

        if (lines[last] != "# EOF")
        {
            errors.Add("exposition does not end with # EOF");
        }

        var seenFamilies = new HashSet<string>(StringComparer.Ordinal);
        Family? family = null;
        for (var i = 0; i < last; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}: ";
            if (line.StartsWith('#'))
            {
                CheckMetadata(line, where, errors, seenFamilies, ref family);
                continue;
            }

            if (!TryParseSample(line, out var sample, out var problem))
            {
                errors.Add(where + problem + ": " + line);
                continue;
            }

            if (family is null || !family.Owns(sample.Name, out var suffix))
            {
                errors.Add(where + $"sample {sample.Name} does not belong to family {family?.Name ?? "(none)"}");
                continue;
            }

            family.HasSamples = true;
            family.CheckSample(sample, suffix, where, errors);
        }

        family?.Finish(errors);
        return errors;
    }

    private static void CheckMetadata(string line, string where, List<string> errors, HashSet<string> seenFamilies, ref Family? family)
    {
        var match = MetadataLine().Match(line);
        if (!match.Success)
        {
            errors.Add(where + "not a TYPE, UNIT or HELP line: " + line);
            return;
        }

        var kind = match.Groups["kind"].Value;
        var name = match.Groups["name"].Value;
        var value = match.Groups["value"].Value;
        if (family is null || family.Name != name || family.HasSamples)
        {
            family?.Finish(errors);
            if (!seenFamilies.Add(name))
            {
                errors.Add(where + $"family {name} appears twice");
            }

            family = new Family(name);
        }

        if (!family.Metadata.Add(kind))
        {
            errors.Add(where + $"second {kind} line for {name}");
        }

        switch (kind)
        {
            case "TYPE":
                if (!Types.Contains(value))
                {
                    errors.Add(where + $"unknown type {value}");
                }

                family.Type = value;
                break;
            case "UNIT":
                if (!UnitValue().IsMatch(value))
                {
                    errors.Add(where + $"invalid unit {value}");
                }
                else if (value.Length > 0 && !name.EndsWith("_" + value, StringComparison.Ordinal))
                {
                    errors.Add(where + $"family {name} does not end with its unit {value}");
                }

                break;
            case "HELP":
                if (!IsEscapedString(value))
                {
                    errors.Add(where + $"HELP is not a valid escaped string: {value}");
                }

                break;
        }
    }

    private static bool IsEscapedString(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '"' or '\n')
            {
                return false;
            }

            if (c == '\\')
            {
                if (i + 1 >= value.Length || value[i + 1] is not ('n' or '"' or '\\'))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private sealed record Sample(string Name, List<KeyValuePair<string, string>> Labels, string Value, string? Timestamp, List<KeyValuePair<string, string>>? ExemplarLabels, string? ExemplarValue, string? ExemplarTimestamp);

    private static bool TryParseSample(string line, out Sample sample, out string problem)
    {
        sample = null!;
        var pos = 0;
        var name = ReadName(line, ref pos, metricName: true);
        if (name.Length == 0)
        {
            problem = "missing metric name";
            return false;
        }

        var labels = new List<KeyValuePair<string, string>>();
        if (pos < line.Length && line[pos] == '{' && !TryReadLabels(line, ref pos, labels, out problem))
        {
            return false;
        }

        if (!TryReadSpaceThenToken(line, ref pos, out var value) || !IsNumber(value))
        {
            problem = "missing or invalid value";
            return false;
        }

        string? timestamp = null;
        if (pos < line.Length && line[pos] == ' ' && pos + 1 < line.Length && line[pos + 1] != '#')
        {
            TryReadSpaceThenToken(line, ref pos, out var ts);
            if (!IsRealNumber(ts))
            {
                problem = "invalid timestamp";
                return false;
            }

            timestamp = ts;
        }

        List<KeyValuePair<string, string>>? exemplarLabels = null;
        string? exemplarValue = null, exemplarTimestamp = null;
        if (pos < line.Length)
        {
            if (!line.AsSpan(pos).StartsWith(" # {"))
            {
                problem = "unexpected text after the value";
                return false;
            }

            pos += 3;
            exemplarLabels = [];
            if (!TryReadLabels(line, ref pos, exemplarLabels, out problem))
            {
                return false;
            }

            if (!TryReadSpaceThenToken(line, ref pos, out var ev) || !IsNumber(ev))
            {
                problem = "invalid exemplar value";
                return false;
            }

            exemplarValue = ev;
            if (pos < line.Length)
            {
                if (!TryReadSpaceThenToken(line, ref pos, out var et) || !IsRealNumber(et) || pos != line.Length)
                {
                    problem = "invalid exemplar timestamp";
                    return false;
                }

                exemplarTimestamp = et;
            }
        }

        sample = new Sample(name, labels, value, timestamp, exemplarLabels, exemplarValue, exemplarTimestamp);
        problem = "";
        return true;
    }

    private static string ReadName(string line, ref int pos, bool metricName)
    {
        var start = pos;
        while (pos < line.Length)
        {
            var c = line[pos];
            var ok = char.IsAsciiLetter(c) || c == '_' || (metricName && c == ':') || (pos > start && char.IsAsciiDigit(c));
            if (!ok)
            {
                break;
            }

            pos++;
        }

        return line[start..pos];
    }

    private static bool TryReadLabels(string line, ref int pos, List<KeyValuePair<string, string>> labels, out string problem)
    {
        pos++; // '{'
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (pos < line.Length && line[pos] == '}')
            {
                pos++;
                problem = "";
                return true;
            }

            if (labels.Count > 0)
            {
                if (pos >= line.Length || line[pos] != ',')
                {
                    problem = "expected , between labels";
                    return false;
                }

                pos++;
            }

            var name = ReadName(line, ref pos, metricName: false);
            if (name.Length == 0 || pos + 1 >= line.Length || line[pos] != '=' || line[pos + 1] != '"')
            {
                problem = "invalid label";
                return false;
            }

            pos += 2;
            var value = new StringBuilder();
            while (true)
            {
                if (pos >= line.Length)
                {
                    problem = "unterminated label value";
                    return false;
                }

                var c = line[pos++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    if (pos >= line.Length || line[pos] is not ('n' or '"' or '\\'))
                    {
                        problem = "invalid escape in label value";
                        return false;
                    }

                    value.Append(line[pos] == 'n' ? '\n' : line[pos]);
                    pos++;
                    continue;
                }

                value.Append(c);
            }

            if (!names.Add(name))
            {
                problem = $"label {name} repeated";
                return false;
            }

            labels.Add(new(name, value.ToString()));
        }
    }

    private static bool TryReadSpaceThenToken(string line, ref int pos, out string token)
    {
        token = "";
        if (pos >= line.Length || line[pos] != ' ')
        {
            return false;
        }

        var start = ++pos;
        while (pos < line.Length && line[pos] != ' ')
        {
            pos++;
        }

        token = line[start..pos];
        return token.Length > 0;
    }

    private static bool IsNumber(string text) => IsRealNumber(text) || NonFinite().IsMatch(text);

    private static bool IsRealNumber(string text) => RealNumber().IsMatch(text);

    private static double ToDouble(string text) => text.ToLowerInvariant() switch
    {
        "+inf" or "inf" or "+infinity" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    /// <summary>One family's state while its lines are read.</summary>
    private sealed class Family(string name)
    {
        private readonly HashSet<string> _finishedMetrics = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MetricState> _metrics = new(StringComparer.Ordinal);
        private string? _currentMetric;

        public string Name { get; } = name;

        public string Type { get; set; } = "unknown";

        public HashSet<string> Metadata { get; } = [];

        public bool HasSamples { get; set; }

        public bool Owns(string sampleName, out string suffix)
        {
            suffix = "";
            if (!sampleName.StartsWith(Name, StringComparison.Ordinal))
            {
                return false;
            }

            suffix = sampleName[Name.Length..];
            string[] allowed = Type switch
            {
                "counter" => ["_total", "_created"],
                "histogram" => ["_bucket", "_sum", "_count", "_created"],
                "gaugehistogram" => ["_bucket", "_gsum", "_gcount"],
                "summary" => ["", "_sum", "_count", "_created"],
                "info" => ["_info"],
                _ => [""],
            };
            return allowed.Contains(suffix);
        }

        public void CheckSample(Sample sample, string suffix, string where, List<string> errors)
        {
            var special = Type switch { "histogram" or "gaugehistogram" => "le", "summary" => "quantile", _ => null };
            var key = string.Join(",", sample.Labels.Where(l => l.Key != special || (suffix != "_bucket" && suffix != "")).Select(l => l.Key + "=" + l.Value));
            if (_currentMetric != key)
            {
                if (_currentMetric is not null)
                {
                    _finishedMetrics.Add(_currentMetric);
                }

                if (_finishedMetrics.Contains(key))
                {
                    errors.Add(where + $"metric {{{key}}} of {Name} is interleaved with another");
                }

                _currentMetric = key;
            }

            if (!_metrics.TryGetValue(key, out var metric))
            {
                _metrics[key] = metric = new MetricState();
            }

            if (!metric.Suffixes.Add(suffix + "|" + string.Join(",", sample.Labels.Select(l => l.Key + "=" + l.Value))))
            {
                errors.Add(where + $"sample {sample.Name} repeated for {{{key}}}");
            }

            if (sample.ExemplarLabels is { } exemplarLabels)
            {
                if (!(Type == "counter" && suffix == "_total") && !(Type is "histogram" or "gaugehistogram" && suffix == "_bucket"))
                {
                    errors.Add(where + $"exemplar on {sample.Name}, which cannot carry one");
                }

                var length = exemplarLabels.Sum(l => CodePoints(l.Key) + CodePoints(l.Value));
                if (length > 128)
                {
                    errors.Add(where + $"exemplar label set is {length} code points, over 128");
                }
            }

            var value = ToDouble(sample.Value);
            switch (Type)
            {
                case "counter" when suffix == "_total":
                    metric.HasTotal = true;
                    if (double.IsNaN(value) || value < 0)
                    {
                        errors.Add(where + "counter total must be a non-negative number");
                    }

                    break;
                case "histogram" when suffix == "_bucket":
                    var le = sample.Labels.FirstOrDefault(l => l.Key == "le").Value;
                    if (le is null || !IsNumber(le) || double.IsNaN(ToDouble(le)))
                    {
                        errors.Add(where + "bucket without a numeric le label");
                        break;
                    }

                    CheckInteger(sample.Value, where, errors);
                    var bound = ToDouble(le);
                    if (metric.Buckets.Count > 0 && (bound <= metric.Buckets[^1].Bound || value < metric.Buckets[^1].Count))
                    {
                        errors.Add(where + "buckets are not in increasing le order with cumulative counts");
                    }

                    metric.Buckets.Add((bound, value));
                    metric.NegativeBound |= bound < 0;
                    break;
                case "histogram" or "summary" when suffix == "_count":
                    CheckInteger(sample.Value, where, errors);
                    metric.Count = value;
                    break;
                case "histogram" when suffix == "_sum":
                    metric.HasSum = true;
                    break;
                case "summary" when suffix == "":
                    var quantile = sample.Labels.FirstOrDefault(l => l.Key == "quantile").Value;
                    if (quantile is null || !IsNumber(quantile) || !(ToDouble(quantile) is >= 0 and <= 1))
                    {
                        errors.Add(where + "summary quantile label missing or outside [0, 1]");
                    }

                    break;
            }

            if (special is not null && suffix is not ("_bucket" or "") && sample.Labels.Any(l => l.Key == special))
            {
                errors.Add(where + $"{special} label on {sample.Name}");
            }
        }

        public void Finish(List<string> errors)
        {
            foreach (var (key, metric) in _metrics)
            {
                if (Type == "counter" && !metric.HasTotal)
                {
                    errors.Add($"counter {Name}{{{key}}} has no _total sample");
                }

                if (Type == "histogram")
                {
                    if (metric.Buckets.Count == 0 || !double.IsPositiveInfinity(metric.Buckets[^1].Bound))
                    {
                        errors.Add($"histogram {Name}{{{key}}} has no +Inf bucket");
                    }
                    else if (metric.Count is { } count && count != metric.Buckets[^1].Count)
                    {
                        errors.Add($"histogram {Name}{{{key}}} +Inf bucket differs from _count");
                    }

                    if (metric.NegativeBound && metric.HasSum)
                    {
                        errors.Add($"histogram {Name}{{{key}}} has negative buckets and a _sum");
                    }
                }
            }
        }

        private static void CheckInteger(string text, string where, List<string> errors)
        {
            if (!UnsignedInteger().IsMatch(text))
            {
                errors.Add(where + $"count {text} is not a non-negative integer");
            }
        }
    }

    private sealed class MetricState
    {
        public HashSet<string> Suffixes { get; } = new(StringComparer.Ordinal);

        public List<(double Bound, double Count)> Buckets { get; } = [];

        public bool HasTotal { get; set; }

        public bool HasSum { get; set; }

        public bool NegativeBound { get; set; }

        public double? Count { get; set; }
    }

    [GeneratedRegex(@"^# (?<kind>TYPE|UNIT|HELP) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<value>.*)$")]
    private static partial Regex MetadataLine();

    [GeneratedRegex(@"^[a-zA-Z0-9_:]*$")]
    private static partial Regex UnitValue();

    [GeneratedRegex(@"^[+-]?(\d+|\d+\.\d*([eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d*\.\d+([eE][+-]?\d+)?)$")]
    private static partial Regex RealNumber();

    [GeneratedRegex(@"^([+-]?(inf|infinity)|nan)$", RegexOptions.IgnoreCase)]
    private static partial Regex NonFinite();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex UnsignedInteger();
}
