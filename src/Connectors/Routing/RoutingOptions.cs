using System.Text.RegularExpressions;
using MiniCollector.Connectors.Shared;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Connectors.Routing;

/// <summary>
/// Options of the <c>routing</c> connector: the routing table, tried in order (each item goes to the first route it
/// matches), the pipelines for what matches no route, and what a condition failing on an item does.
/// </summary>
public sealed partial record RoutingOptions
{
    private static readonly string[] ErrorModes = ["propagate", "ignore", "silent"];

    private static readonly Dictionary<string, string> RemovedKeys = new(StringComparer.Ordinal)
    {
        ["match_once"] = "\"match_once\" was removed from the routing connector (the reference removed it in v0.120.0): each item now goes to the first route it matches; list a pipeline in several routes, or use several routing connectors, to send it to more",
    };

    /// <summary><c>table</c>: the routes, at least one.</summary>
    public IReadOnlyList<RouteOptions> Table { get; init; } = [];

    /// <summary><c>default_pipelines</c>: where what matches no route goes; none: it is dropped (counted and logged).</summary>
    public IReadOnlyList<string> DefaultPipelines { get; init; } = [];

    /// <summary>Where <c>default_pipelines</c> was written.</summary>
    public SourceLocation? DefaultPipelinesLocation { get; init; }

    /// <summary>
    /// <c>error_mode</c>: <c>ignore</c> by default, as the reference now defaults it (its
    /// <c>connector.routing.defaultErrorModeIgnore</c> gate is on): a condition failing on an item counts as not matching.
    /// </summary>
    public OttlErrorMode ErrorMode { get; init; } = OttlErrorMode.Ignore;

    /// <summary>The config path of the connector (<c>connectors::routing</c>).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Binds <c>connectors::routing</c>, reporting every problem (conditions are compiled here).</summary>
    public static RoutingOptions Bind(ConfigSection section)
    {
        var defaults = section.StringList("default_pipelines") ?? [];
        var mode = section.Choice("error_mode", "ignore", ErrorModes) switch
        {
            "propagate" => OttlErrorMode.Propagate,
            "silent" => OttlErrorMode.Silent,
            _ => OttlErrorMode.Ignore,
        };
        var table = BindTable(section);
        section.ReportUnknownKeys(RemovedKeys);
        return new RoutingOptions
        {
            Table = table,
            DefaultPipelines = defaults,
            DefaultPipelinesLocation = section.NodeOf("default_pipelines")?.Location,
            ErrorMode = mode,
            Path = section.Path,
        };
    }

    private static List<RouteOptions> BindTable(ConfigSection section)
    {
        var routes = new List<RouteOptions>();
        var node = section.NodeOf("table");
        if (node is not ConfigList list || list.Items.Count == 0)
        {
            if (node is not null and not ConfigList and not ConfigScalar { Value: null })
            {
                section.Invalid("table", $"expected a list of routes, found {node.Describe()}");
            }
            else
            {
                section.Invalid(node is null ? "invalid routing table: the routing table is empty (\"table\" is required)" : "invalid routing table: the routing table is empty");
            }

            return routes;
        }

        for (int i = 0; i < list.Items.Count; i++)
        {
            var item = new ConfigSection(list.Items[i], $"{section.Path}::table[{i}]", section.Errors);
            if (BindRoute(item) is { } route)
            {
                routes.Add(route);
            }
        }

        return routes;
    }

    private static RouteOptions? BindRoute(ConfigSection item)
    {
        var contextText = item.StringOrNull("context");
        var condition = item.StringOrNull("condition");
        var statement = item.StringOrNull("statement");
        var pipelines = item.StringList("pipelines") ?? [];
        item.ReportUnknownKeys();

        bool ok = true;
        RouteContext? context = null;
        if (contextText is not null)
        {
            if (RouteContexts.TryParse(contextText, out var parsed))
            {
                context = parsed;
            }
            else
            {
                item.Invalid("context", $"invalid context: {contextText} (valid values: {string.Join(", ", RouteContexts.Names)})");
                ok = false;
            }
        }

        if (pipelines.Count == 0)
        {
            item.Invalid("pipelines", "invalid route: no pipelines defined");
            ok = false;
        }

        if (string.IsNullOrEmpty(condition) && string.IsNullOrEmpty(statement))
        {
            item.Invalid("invalid route: no condition or statement provided");
            return null;
        }

        if (!string.IsNullOrEmpty(condition) && !string.IsNullOrEmpty(statement))
        {
            item.Invalid("invalid route: both condition and statement provided");
            return null;
        }

        var text = condition ?? statement!;
        var key = condition is not null ? "condition" : "statement";
        if (context == RouteContext.Request)
        {
            if (statement is not null)
            {
                item.Invalid("statement", "\"request\" context requires a 'condition'");
                return null;
            }

            var request = RequestCondition.Parse(condition!, out var error);
            if (request is null)
            {
                item.Invalid("condition", $"invalid request condition \"{condition}\": {error}");
                return null;
            }

            return ok ? Route(item, RouteContext.Request, condition, pipelines, text) with { Request = request } : null;
        }

        // A statement is route(), optionally with a where clause: the clause is the condition.
        string? where = condition;
        int offset = 0;
        if (statement is not null)
        {
            var match = StatementPattern().Match(statement);
            if (!match.Success)
            {
                item.Invalid("statement", $"invalid statement \"{statement}\": a routing statement is route(), optionally followed by where and a condition, e.g. route() where attributes[\"env\"] == \"prod\"");
                return null;
            }

            where = match.Groups["condition"].Success ? match.Groups["condition"].Value : null;
            offset = match.Groups["condition"].Success ? match.Groups["condition"].Index : 0;
        }

        // As the reference: a route with no context runs in the context its paths name (span.name: span), else the resource.
        var resolved = context ?? Infer(where);
        if (where is not null && !OttlConditionBinder.Check(item.Errors, item.NodeOf(key), $"{item.Path}::{key}", where, resolved.Ottl(), offset, text))
        {
            ok = false;
        }

        return ok ? Route(item, resolved, where, pipelines, text) : null;
    }

    private static RouteContext Infer(string? condition)
    {
        if (condition is null)
        {
            return RouteContext.Resource;
        }

        var inferred = OttlParser.InferContext([condition], [OttlContextKind.Resource, OttlContextKind.Span, OttlContextKind.Metric, OttlContextKind.DataPoint, OttlContextKind.Log], out _);
        return inferred is { } kind && RouteContexts.TryFrom(kind, out var context) ? context : RouteContext.Resource;
    }

    private static RouteOptions Route(ConfigSection item, RouteContext context, string? condition, IReadOnlyList<string> pipelines, string text)
        => new(context, condition, pipelines) { Text = text, Path = item.Path, PipelinesLocation = item.NodeOf("pipelines")?.Location };

    [GeneratedRegex(@"^\s*route\s*\(\s*\)\s*(?:where\s+(?<condition>\S.*?))?\s*$", RegexOptions.Singleline)]
    private static partial Regex StatementPattern();
}
