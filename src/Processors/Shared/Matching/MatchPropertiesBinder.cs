using System.Globalization;
using System.Text.RegularExpressions;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Matching;

/// <summary>
/// Binds one <c>include</c> / <c>exclude</c> block with the reference's keys (<c>match_type</c>, <c>regexp</c>,
/// <c>services</c>, <c>span_names</c>, <c>span_kinds</c>, <c>log_bodies</c>, <c>log_severity_texts</c>,
/// <c>log_severity_number</c>, <c>metric_names</c>, <c>attributes</c>, <c>resources</c>, <c>libraries</c>) and
/// compiles every pattern once. What is wrong whatever the signal is reported at once; what is wrong only for one
/// signal (span properties on logs, an empty block on spans) is kept per signal, because the reference reports it
/// only when the processor is built for a pipeline of that signal.
/// </summary>
internal static class MatchPropertiesBinder
{
    private static readonly string[] SpanKindNames = ["SPAN_KIND_CLIENT", "SPAN_KIND_CONSUMER", "SPAN_KIND_INTERNAL", "SPAN_KIND_PRODUCER", "SPAN_KIND_SERVER"];

    /// <summary>The compiled block (null when not written) and, per signal, why it cannot be used there.</summary>
    public static (MatchProperties? Properties, IReadOnlyDictionary<Signal, string> Problems) Bind(ConfigSection section)
    {
        var problems = new Dictionary<Signal, string>();
        if (!section.IsPresent)
        {
            return (null, problems);
        }

        var matchType = section.StringOrNull("match_type");
        var regexp = section.Section("regexp");

        // The reference's optional LRU cache of regexp results; matching here is fast enough without one.
        regexp.Bool("cacheenabled", false);
        regexp.Int("cachemaxnumentries", 0, min: 0);
        regexp.ReportUnknownKeys();

        var context = new Context(section, matchType);
        var services = context.Strings("services");
        var spanNames = context.Strings("span_names");
        var spanKinds = context.Strings("span_kinds", SpanKindNames);
        var logBodies = context.Strings("log_bodies");
        var severityTexts = context.Strings("log_severity_texts");
        var severityNumber = BindSeverityNumber(section);
        var metricNames = context.Strings("metric_names");
        var attributes = context.Attributes("attributes");
        var resources = context.Attributes("resources");
        var libraries = context.Libraries();
        section.ReportUnknownKeys();

        if (matchType is not null and not "strict" and not "regexp")
        {
            section.Invalid("match_type", matchType == "expr"
                ? "match_type \"expr\" is not supported (valid values: strict, regexp)"
                : $"invalid value \"{matchType}\" (valid values: strict, regexp)");
        }

        if (severityTexts is not null || logBodies is not null || severityNumber is not null)
        {
            problems[Signal.Traces] = "log_bodies, log_severity_texts and log_severity_number should not be specified for trace spans";
        }
        else if (services is null && spanNames is null && spanKinds is null && attributes is null && resources is null && libraries.Count == 0)
        {
            problems[Signal.Traces] = "at least one of \"services\", \"span_names\", \"span_kinds\", \"attributes\", \"libraries\" or \"resources\" must be specified for trace spans";
        }

        if (services is not null || spanNames is not null || spanKinds is not null)
        {
            problems[Signal.Logs] = "services, span_names and span_kinds are not valid for log records";
        }
        else if (attributes is null && resources is null && libraries.Count == 0 && logBodies is null && severityTexts is null && severityNumber is null)
        {
            problems[Signal.Logs] = "at least one of \"attributes\", \"libraries\", \"resources\", \"log_bodies\", \"log_severity_texts\" or \"log_severity_number\" must be specified for log records";
        }

        var properties = new MatchProperties
        {
            Services = services,
            SpanNames = spanNames,
            SpanKinds = spanKinds,
            LogBodies = logBodies,
            LogSeverityTexts = severityTexts,
            LogSeverityNumber = severityNumber,
            MetricNames = metricNames,
            Attributes = attributes,
            Resources = resources,
            Libraries = libraries,
        };
        return (properties, problems);
    }

    private static SeverityNumberMatcher? BindSeverityNumber(ConfigSection section)
    {
        var block = section.Section("log_severity_number");
        if (!block.IsPresent || block.Node is ConfigScalar { Value: null })
        {
            return null;
        }

        int min = 0;
        if (block.StringOrNull("min") is { } text && !TryParseSeverity(text, out min))
        {
            block.Invalid("min", $"invalid severity \"{text}\" (a number 1-24, or a name such as INFO, WARN2, ERROR)");
        }

        var matchUndefined = block.Bool("match_undefined", false);
        block.ReportUnknownKeys();
        return new SeverityNumberMatcher(min, matchUndefined);
    }

    // The reference accepts the severity's number or its name (TRACE, TRACE2 … FATAL4), in any letter case.
    private static bool TryParseSeverity(string text, out int number)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number is >= 0 and <= 24;
        }

        string[] levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
        var upper = text.ToUpperInvariant();
        for (int level = 0; level < levels.Length; level++)
        {
            if (!upper.StartsWith(levels[level], StringComparison.Ordinal))
            {
                continue;
            }

            var step = upper[levels[level].Length..];
            int offset = step.Length == 0 ? 0 : step is "2" or "3" or "4" ? step[0] - '1' : -1;
            if (offset >= 0)
            {
                number = (level * 4) + 1 + offset;
                return true;
            }
        }

        return false;
    }

    // Binds the properties that depend on match_type, reporting a missing or invalid match_type once, where it is needed.
    private sealed class Context(ConfigSection section, string? matchType)
    {
        private bool _reportedMatchType;

        private bool IsRegexp => matchType == "regexp";

        private bool HasMatchType
        {
            get
            {
                if (matchType is "strict" or "regexp")
                {
                    return true;
                }

                if (matchType is null && !_reportedMatchType)
                {
                    _reportedMatchType = true;
                    section.Invalid("match_type", "missing required field \"match_type\" (valid values: strict, regexp)");
                }

                return false;
            }
        }

        // A non-empty list as a matcher; null when absent or empty (an empty list matches nothing in the reference's
        // checks either, and counts as not written).
        public StringMatcher? Strings(string key, string[]? strictChoices = null)
        {
            var items = section.StringList(key);
            if (items is null || items.Count == 0 || !HasMatchType)
            {
                return null;
            }

            if (strictChoices is not null && !IsRegexp)
            {
                foreach (var item in items)
                {
                    if (Array.IndexOf(strictChoices, item) < 0)
                    {
                        section.Invalid(key, $"\"{item}\" is not a span kind; with match_type strict it must be one of {string.Join(", ", strictChoices)}");
                    }
                }
            }

            return Matcher(section.Path + "::" + key, items);
        }

        public AttributeMatcher? Attributes(string key)
        {
            if (section.NodeOf(key) is not ConfigList list)
            {
                ExpectList(key);
                return null;
            }

            if (list.Items.Count == 0)
            {
                return null;
            }

            var conditions = new List<AttributeMatcher.Condition>();
            for (int i = 0; i < list.Items.Count; i++)
            {
                var item = new ConfigSection(list.Items[i], $"{section.Path}::{key}[{i}]", section.Errors);
                var name = item.StringOrNull("key");
                var value = ConfigValue.From(item.NodeOf("value"));
                item.ReportUnknownKeys();
                if (string.IsNullOrEmpty(name))
                {
                    item.Invalid("key", $"can't have empty key in the list of {key}");
                    continue;
                }

                if (value is null)
                {
                    conditions.Add(new(name, null, null));
                }
                else if (HasMatchType && IsRegexp)
                {
                    if (value.ValueCase != Otlp.Common.AnyValue.ValueOneofCase.StringValue)
                    {
                        item.Invalid("value", $"match_type=regexp for \"{name}\" only supports a string value");
                        continue;
                    }

                    conditions.Add(new(name, null, Matcher(item.Path + "::value", [value.StringValue])));
                }
                else if (HasMatchType)
                {
                    conditions.Add(new(name, value, null));
                }
            }

            return new AttributeMatcher(conditions);
        }

        public IReadOnlyList<LibraryMatcher> Libraries()
        {
            if (section.NodeOf("libraries") is not ConfigList list)
            {
                ExpectList("libraries");
                return [];
            }

            var result = new List<LibraryMatcher>();
            for (int i = 0; i < list.Items.Count; i++)
            {
                var item = new ConfigSection(list.Items[i], $"{section.Path}::libraries[{i}]", section.Errors);
                var name = item.String("name", string.Empty);

                // A written but empty version matches only an empty version; an absent one matches any.
                var version = item.Has("version") ? item.String("version", string.Empty) : null;
                item.ReportUnknownKeys();
                if (!HasMatchType)
                {
                    continue;
                }

                var nameMatcher = Matcher(item.Path + "::name", [name]);
                var versionMatcher = version is null ? null : Matcher(item.Path + "::version", [version]);
                if (nameMatcher is not null)
                {
                    result.Add(new LibraryMatcher(nameMatcher, versionMatcher));
                }
            }

            return result;
        }

        private void ExpectList(string key)
        {
            var node = section.NodeOf(key);
            if (node is not null and not ConfigScalar { Value: null })
            {
                section.Invalid(key, $"expected a list, found {node.Describe()}");
            }
        }

        private StringMatcher? Matcher(string path, IReadOnlyList<string> items)
        {
            if (!IsRegexp)
            {
                return StringMatcher.Strict(items);
            }

            var regexes = new List<Regex>(items.Count);
            foreach (var item in items)
            {
                if (ConfigRegex.TryCompile(item, out var error) is { } regex)
                {
                    regexes.Add(regex);
                }
                else
                {
                    section.Errors.Add(section.Node, path, $"invalid pattern \"{item}\": {error}");
                }
            }

            return StringMatcher.Regexp(regexes);
        }
    }
}
