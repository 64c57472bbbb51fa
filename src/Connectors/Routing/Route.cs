using MiniCollector.Ottl;
using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Connectors.Routing;

/// <summary>A route ready to run: its context, compiled condition (null: matches everything) and the pipelines it feeds.</summary>
internal sealed class Route(RouteContext context, OttlConditions? conditions, RequestCondition? request, IConsumer target, string text)
{
    public RouteContext Context { get; } = context;

    /// <summary>The condition; null for a request route or a bare <c>route()</c>.</summary>
    public OttlConditions? Conditions { get; } = conditions;

    /// <summary>The condition of a request route.</summary>
    public RequestCondition? Request { get; } = request;

    /// <summary>The pipelines it feeds, as one consumer.</summary>
    public IConsumer Target { get; } = target;

    /// <summary>The condition or statement as written.</summary>
    public string Text { get; } = text;

    public bool Matches(in ResourceContext item) => Conditions?.Matches(in item) ?? true;

    public bool Matches(in SpanContext item) => Conditions?.Matches(in item) ?? true;

    public bool Matches(in MetricContext item) => Conditions?.Matches(in item) ?? true;

    public bool Matches(in DataPointContext item) => Conditions?.Matches(in item) ?? true;

    public bool Matches(in LogContext item) => Conditions?.Matches(in item) ?? true;
}
