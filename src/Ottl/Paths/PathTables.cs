using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>
/// Resolves a written path in a context. A first segment naming the context or one above it (<c>span.name</c>,
/// <c>resource.attributes</c>, <c>instrumentation_scope.name</c>) selects that context's table; any other path is
/// read in the context's own table (<c>name</c> in a span condition), as the reference's filter conditions write them.
/// </summary>
internal static class PathTables
{
    /// <summary>The temporary map a group of statements shares for one item (<c>cache["k"]</c>).</summary>
    public static readonly Field Cache = new(
        "cache",
        "map",
        (ref EvalContext c) => OttlValue.Of(c.Cache ??= new RepeatedField<KeyValue>()),
        (ref EvalContext c, in OttlValue v) => MapOps.ReplaceAll(c.Cache ??= new RepeatedField<KeyValue>(), FieldValues.Map(v, "cache")),
        takesKeys: true);

    /// <summary>The table of a context's own paths.</summary>
    public static Dictionary<string, Field> For(OttlContextKind kind) => kind switch
    {
        OttlContextKind.Resource => ResourcePaths.Table,
        OttlContextKind.Scope => ScopePaths.Table,
        OttlContextKind.Span => SpanPaths.Table,
        OttlContextKind.SpanEvent => SpanEventPaths.Table,
        OttlContextKind.Metric => MetricPaths.Table,
        OttlContextKind.DataPoint => DataPointPaths.Table,
        _ => LogPaths.Table,
    };

    /// <summary>The field a path names in <paramref name="context"/>, or null with <paramref name="error"/> saying why.</summary>
    public static Field? Resolve(OttlContextKind context, IReadOnlyList<string> segments, out string? error)
    {
        error = null;
        var table = context;
        int start = 0;
        if (segments.Count > 1 && OttlContexts.TryParse(segments[0], out var named))
        {
            if (!context.IsWithin(named))
            {
                error = $"path \"{string.Join('.', segments)}\" is not available in the {context.Name()} context (its paths may start with {PrefixesOf(context)})";
                return null;
            }

            table = named;
            start = 1;
        }

        var rest = string.Join('.', segments.Skip(start));
        if (rest == "cache" && table == context)
        {
            return Cache;
        }

        if (For(table).TryGetValue(rest, out var field))
        {
            return field;
        }

        error = $"unknown path \"{string.Join('.', segments)}\" in the {context.Name()} context (supported: {Supported(context)})";
        return null;
    }

    /// <summary>Every path the context supports, as written with their prefixes.</summary>
    public static string Supported(OttlContextKind context)
    {
        var names = new List<string>();
        for (OttlContextKind? k = context; k is { } current; k = current.Parent())
        {
            string prefix = current == OttlContextKind.Scope ? "instrumentation_scope." : current.Name() + ".";
            foreach (var name in For(current).Keys)
            {
                names.Add(current == context ? name : prefix + name);
            }
        }

        names.Add("cache");
        return string.Join(", ", names);
    }

    private static string PrefixesOf(OttlContextKind context)
    {
        var names = new List<string>();
        for (OttlContextKind? k = context; k is { } current; k = current.Parent())
        {
            names.Add(current.Name() + ".");
            if (current == OttlContextKind.Scope)
            {
                names.Add("instrumentation_scope.");
            }
        }

        return string.Join(", ", names);
    }
}
