using MiniCollector.Ottl;
using MiniCollector.Pipeline.Config;
using MiniCollector.Processors.Shared.Ottl;

namespace MiniCollector.Processors.Filter;

/// <summary>
/// Options of the <c>filter</c> processor: OTTL conditions per kind of item; an item any condition matches is
/// dropped. The legacy <c>include</c>/<c>exclude</c> form is refused with a config error that shows the OTTL to write.
/// </summary>
public sealed record FilterOptions
{
    /// <summary><c>error_mode</c>; the reference's default is <c>ignore</c> since v0.150.</summary>
    public OttlErrorMode ErrorMode { get; init; } = OttlErrorMode.Ignore;

    /// <summary><c>traces::span</c>.</summary>
    public IReadOnlyList<string> Span { get; init; } = [];

    /// <summary><c>traces::spanevent</c>.</summary>
    public IReadOnlyList<string> SpanEvent { get; init; } = [];

    /// <summary><c>metrics::metric</c>.</summary>
    public IReadOnlyList<string> Metric { get; init; } = [];

    /// <summary><c>metrics::datapoint</c>.</summary>
    public IReadOnlyList<string> DataPoint { get; init; } = [];

    /// <summary><c>logs::log_record</c>.</summary>
    public IReadOnlyList<string> LogRecord { get; init; } = [];

    private static readonly Dictionary<string, string> LegacyHints = new(StringComparer.Ordinal)
    {
        ["include"] = "The legacy include/exclude form of the filter processor is not supported: write OTTL conditions of the items to drop instead, e.g. traces: {span: ['attributes[\"http.route\"] == \"/health\"']}.",
        ["exclude"] = "The legacy include/exclude form of the filter processor is not supported: write OTTL conditions of the items to drop instead, e.g. logs: {log_record: ['severity_number < SEVERITY_NUMBER_WARN']}.",
    };

    /// <summary>Binds <c>processors::filter</c>, compiling every condition and reporting every problem.</summary>
    public static FilterOptions Bind(ConfigSection section)
    {
        var mode = OttlConfig.ErrorMode(section, OttlErrorMode.Ignore);
        var traces = section.Section("traces");
        var metrics = section.Section("metrics");
        var logs = section.Section("logs");
        var options = new FilterOptions
        {
            ErrorMode = mode,
            Span = Conditions(traces, "span", OttlContextKind.Span),
            SpanEvent = Conditions(traces, "spanevent", OttlContextKind.SpanEvent),
            Metric = Conditions(metrics, "metric", OttlContextKind.Metric),
            DataPoint = Conditions(metrics, "datapoint", OttlContextKind.DataPoint),
            LogRecord = Conditions(logs, "log_record", OttlContextKind.Log),
        };
        traces.ReportUnknownKeys(LegacyHints);
        metrics.ReportUnknownKeys(LegacyHints);
        logs.ReportUnknownKeys(LegacyHints);
        section.ReportUnknownKeys(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["spans"] = LegacyHints["include"],
        });
        return options;
    }

    private static List<string> Conditions(ConfigSection section, string key, OttlContextKind context)
    {
        if (OttlConfig.Strings(section, key, "conditions") is not { } read)
        {
            return [];
        }

        var errors = new List<OttlError>();
        OttlParser.ParseConditions(read.Texts, context, errors);
        OttlConfig.Report(section.Errors, errors, i => ($"{section.Path}::{key}[{i}]", read.Nodes[i]));
        return read.Texts;
    }
}
