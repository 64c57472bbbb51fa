using MiniCollector.Pipeline.Config;

namespace MiniCollector.Connectors.Routing;

/// <summary>
/// One entry of <c>table</c>: the context, the condition (from <c>condition</c>, or the <c>where</c> clause of a
/// <c>statement</c>; null for a bare <c>route()</c>, which matches everything) and the pipelines matching data goes to.
/// </summary>
public sealed record RouteOptions(RouteContext Context, string? Condition, IReadOnlyList<string> Pipelines)
{
    /// <summary>The request condition of a <c>request</c>-context route.</summary>
    public RequestCondition? Request { get; init; }

    /// <summary>The condition or statement as written, for messages.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The route's config path (<c>connectors::routing::table[1]</c>).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Where the route's <c>pipelines</c> were written.</summary>
    public SourceLocation? PipelinesLocation { get; init; }
}
