namespace MiniCollector.Ottl;

/// <summary>The facts of each context kind: its name in configs and path prefixes, and the contexts above it.</summary>
public static class OttlContexts
{
    /// <summary>The name written in configs (<c>context: spanevent</c>) and as a path prefix (<c>spanevent.name</c>).</summary>
    public static string Name(this OttlContextKind kind) => kind switch
    {
        OttlContextKind.Resource => "resource",
        OttlContextKind.Scope => "scope",
        OttlContextKind.Span => "span",
        OttlContextKind.SpanEvent => "spanevent",
        OttlContextKind.Metric => "metric",
        OttlContextKind.DataPoint => "datapoint",
        _ => "log",
    };

    /// <summary>The context directly above (a span's is its scope); null for the resource.</summary>
    public static OttlContextKind? Parent(this OttlContextKind kind) => kind switch
    {
        OttlContextKind.Resource => null,
        OttlContextKind.Scope => OttlContextKind.Resource,
        OttlContextKind.SpanEvent => OttlContextKind.Span,
        OttlContextKind.DataPoint => OttlContextKind.Metric,
        _ => OttlContextKind.Scope,
    };

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="kind"/> or a context above it.</summary>
    public static bool IsWithin(this OttlContextKind kind, OttlContextKind ancestor)
    {
        for (OttlContextKind? k = kind; k is { } current; k = current.Parent())
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a context name as written in configs and path prefixes (<c>instrumentation_scope</c> is the scope's older name).</summary>
    public static bool TryParse(string? name, out OttlContextKind kind)
    {
        switch (name)
        {
            case "resource": kind = OttlContextKind.Resource; return true;
            case "scope" or "instrumentation_scope": kind = OttlContextKind.Scope; return true;
            case "span": kind = OttlContextKind.Span; return true;
            case "spanevent": kind = OttlContextKind.SpanEvent; return true;
            case "metric": kind = OttlContextKind.Metric; return true;
            case "datapoint": kind = OttlContextKind.DataPoint; return true;
            case "log": kind = OttlContextKind.Log; return true;
            default: kind = default; return false;
        }
    }
}
