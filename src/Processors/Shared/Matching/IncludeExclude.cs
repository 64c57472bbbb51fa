using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Processors.Shared.Matching;

/// <summary>
/// A processor's <c>include</c> and <c>exclude</c>: an item is processed when it matches <c>include</c> (or there is
/// none) and does not match <c>exclude</c> — include is checked first, as in the reference. Neither written: every
/// item is processed.
/// </summary>
internal sealed class IncludeExclude
{
    private readonly IReadOnlyDictionary<Signal, string> _includeProblems;
    private readonly IReadOnlyDictionary<Signal, string> _excludeProblems;

    private IncludeExclude(MatchProperties? include, IReadOnlyDictionary<Signal, string> includeProblems, MatchProperties? exclude, IReadOnlyDictionary<Signal, string> excludeProblems)
    {
        Include = include;
        Exclude = exclude;
        _includeProblems = includeProblems;
        _excludeProblems = excludeProblems;
    }

    /// <summary>The <c>include</c> block, when written.</summary>
    public MatchProperties? Include { get; }

    /// <summary>The <c>exclude</c> block, when written.</summary>
    public MatchProperties? Exclude { get; }

    /// <summary>True when neither block is written, so every item is processed.</summary>
    public bool SelectsAll => Include is null && Exclude is null;

    /// <summary>Binds <c>include</c> and <c>exclude</c> of a processor section.</summary>
    public static IncludeExclude Bind(ConfigSection section)
    {
        var (include, includeProblems) = MatchPropertiesBinder.Bind(section.Section("include"));
        var (exclude, excludeProblems) = MatchPropertiesBinder.Bind(section.Section("exclude"));
        return new IncludeExclude(include, includeProblems, exclude, excludeProblems);
    }

    /// <summary>Why these blocks cannot be used for a signal (with the block's key), or null when they can.</summary>
    public string? ProblemFor(Signal signal)
        => _includeProblems.TryGetValue(signal, out var include) ? "include: " + include
            : _excludeProblems.TryGetValue(signal, out var exclude) ? "exclude: " + exclude
            : null;

    /// <summary>True when the span is to be processed.</summary>
    public bool SelectsSpan(OtlpResource? resource, InstrumentationScope? scope, Span span)
        => (Include is null || Include.MatchesSpan(resource, scope, span)) && !(Exclude?.MatchesSpan(resource, scope, span) ?? false);

    /// <summary>True when the log record is to be processed.</summary>
    public bool SelectsLog(OtlpResource? resource, InstrumentationScope? scope, LogRecord record)
        => (Include is null || Include.MatchesLog(resource, scope, record)) && !(Exclude?.MatchesLog(resource, scope, record) ?? false);

    /// <summary>True when the metric's data points are to be processed.</summary>
    public bool SelectsMetric(OtlpResource? resource, Metric metric)
        => (Include is null || Include.MatchesMetric(resource, metric)) && !(Exclude?.MatchesMetric(resource, metric) ?? false);
}
