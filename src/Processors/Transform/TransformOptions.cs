using MiniCollector.Ottl;
using MiniCollector.Pipeline.Config;
using MiniCollector.Processors.Shared.Ottl;

namespace MiniCollector.Processors.Transform;

/// <summary>
/// Options of the <c>transform</c> processor: per signal, groups of OTTL statements run in order. A list item may be
/// a statement (the basic form: consecutive statements form one group whose context is inferred from their path
/// prefixes, as the reference does) or a map (the advanced form: <c>context</c>, <c>statements</c>,
/// <c>conditions</c>, <c>error_mode</c>).
/// </summary>
public sealed record TransformOptions
{
    private static readonly OttlContextKind[] TraceContexts = [OttlContextKind.Resource, OttlContextKind.Scope, OttlContextKind.Span, OttlContextKind.SpanEvent];
    private static readonly OttlContextKind[] MetricContexts = [OttlContextKind.Resource, OttlContextKind.Scope, OttlContextKind.Metric, OttlContextKind.DataPoint];
    private static readonly OttlContextKind[] LogContexts = [OttlContextKind.Resource, OttlContextKind.Scope, OttlContextKind.Log];

    /// <summary>The top-level <c>error_mode</c> (default <c>ignore</c>); a group may override it.</summary>
    public OttlErrorMode ErrorMode { get; init; } = OttlErrorMode.Ignore;

    /// <summary><c>trace_statements</c>.</summary>
    public IReadOnlyList<TransformGroup> Traces { get; init; } = [];

    /// <summary><c>metric_statements</c>.</summary>
    public IReadOnlyList<TransformGroup> Metrics { get; init; } = [];

    /// <summary><c>log_statements</c>.</summary>
    public IReadOnlyList<TransformGroup> Logs { get; init; } = [];

    /// <summary>Binds <c>processors::transform</c>, compiling every statement and reporting every problem.</summary>
    public static TransformOptions Bind(ConfigSection section)
    {
        var mode = OttlConfig.ErrorMode(section, OttlErrorMode.Ignore);
        var options = new TransformOptions
        {
            ErrorMode = mode,
            Traces = Groups(section, "trace_statements", TraceContexts, mode),
            Metrics = Groups(section, "metric_statements", MetricContexts, mode),
            Logs = Groups(section, "log_statements", LogContexts, mode),
        };
        section.ReportUnknownKeys();
        return options;
    }

    private static List<TransformGroup> Groups(ConfigSection section, string key, OttlContextKind[] allowed, OttlErrorMode mode)
    {
        var groups = new List<TransformGroup>();
        var node = section.NodeOf(key);
        if (node is null or ConfigScalar { Value: null })
        {
            return groups;
        }

        if (node is not ConfigList list)
        {
            section.Invalid(key, $"expected a list of statements or of statement groups, found {node.Describe()}");
            return groups;
        }

        // Consecutive statements written as strings form one basic group.
        var pending = new List<(string Text, ConfigNode Node, int Index)>();
        for (int i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            if (item is ConfigScalar { Value: { } text })
            {
                pending.Add((text, item, i));
                continue;
            }

            Flush();
            if (item is ConfigMap)
            {
                Advanced(new ConfigSection(item, $"{section.Path}::{key}[{i}]", section.Errors), allowed, mode, groups);
            }
            else
            {
                section.Errors.Add(item, $"{section.Path}::{key}[{i}]", $"expected a statement (a string) or a group (a map with statements), found {item.Describe()}");
            }
        }

        Flush();
        return groups;

        void Flush()
        {
            if (pending.Count == 0)
            {
                return;
            }

            var texts = pending.Select(p => p.Text).ToList();
            var items = pending.ToList();
            pending.Clear();
            var context = OttlParser.InferContext(texts, allowed, out var error);
            if (context is null)
            {
                section.Errors.Add(items[0].Node, $"{section.Path}::{key}[{items[0].Index}]", error!);
                return;
            }

            var errors = new List<OttlError>();
            OttlParser.ParseStatements(texts, context.Value, errors);
            OttlConfig.Report(section.Errors, errors, e => ($"{section.Path}::{key}[{items[e].Index}]", items[e].Node));
            groups.Add(new TransformGroup(context.Value, texts, [], mode));
        }
    }

    private static void Advanced(ConfigSection group, OttlContextKind[] allowed, OttlErrorMode topMode, List<TransformGroup> groups)
    {
        var contextText = group.StringOrNull("context");
        var statements = OttlConfig.Strings(group, "statements", "statements");
        var conditions = OttlConfig.Strings(group, "conditions", "conditions");
        var mode = group.Has("error_mode") ? OttlConfig.ErrorMode(group, topMode) : topMode;
        group.ReportUnknownKeys();
        if (statements is not { Texts.Count: > 0 } written)
        {
            group.Invalid("statements", "missing required field \"statements\" (a list of OTTL statements)");
            return;
        }

        var conditionTexts = conditions?.Texts ?? [];
        var names = string.Join(", ", allowed.Select(k => k.Name()));
        OttlContextKind context;
        if (contextText is null)
        {
            if (OttlParser.InferContext(written.Texts.Concat(conditionTexts), allowed, out var error) is not { } inferred)
            {
                group.Invalid("statements", error!);
                return;
            }

            context = inferred;
        }
        else if (!OttlContexts.TryParse(contextText, out context) || !allowed.Contains(context))
        {
            group.Invalid("context", $"invalid value \"{contextText}\" (valid values: {names})");
            return;
        }

        var errors = new List<OttlError>();
        OttlParser.ParseStatements(written.Texts, context, errors, mode, null, conditionTexts);
        OttlConfig.Report(group.Errors, errors, i => i < written.Texts.Count
            ? ($"{group.Path}::statements[{i}]", written.Nodes[i])
            : ($"{group.Path}::conditions[{i - written.Texts.Count}]", conditions!.Value.Nodes[i - written.Texts.Count]));
        groups.Add(new TransformGroup(context, written.Texts, conditionTexts, mode));
    }
}
