using MiniCollector.Ottl;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Connectors.Routing;

/// <summary>The facts of each route context: its name in configs, its OTTL context and the signals it serves.</summary>
internal static class RouteContexts
{
    /// <summary>Every context name, as the valid values of <c>context</c>.</summary>
    public static readonly string[] Names = ["resource", "span", "metric", "datapoint", "log", "request"];

    public static string Name(this RouteContext context) => Names[(int)context];

    public static bool TryParse(string text, out RouteContext context)
    {
        int index = Array.IndexOf(Names, text);
        context = index < 0 ? default : (RouteContext)index;
        return index >= 0;
    }

    /// <summary>The OTTL context of a condition; none for <see cref="RouteContext.Request"/>.</summary>
    public static OttlContextKind Ottl(this RouteContext context) => context switch
    {
        RouteContext.Span => OttlContextKind.Span,
        RouteContext.Metric => OttlContextKind.Metric,
        RouteContext.DataPoint => OttlContextKind.DataPoint,
        RouteContext.Log => OttlContextKind.Log,
        _ => OttlContextKind.Resource,
    };

    /// <summary>The route context of an OTTL context the reference's routing connector takes; false for scope and span event.</summary>
    public static bool TryFrom(OttlContextKind kind, out RouteContext context)
    {
        context = kind switch
        {
            OttlContextKind.Span => RouteContext.Span,
            OttlContextKind.Metric => RouteContext.Metric,
            OttlContextKind.DataPoint => RouteContext.DataPoint,
            OttlContextKind.Log => RouteContext.Log,
            _ => RouteContext.Resource,
        };
        return kind is OttlContextKind.Resource or OttlContextKind.Span or OttlContextKind.Metric or OttlContextKind.DataPoint or OttlContextKind.Log;
    }

    /// <summary>The contexts a pipeline of <paramref name="signal"/> can route on.</summary>
    public static IReadOnlyList<RouteContext> For(Signal signal) => signal switch
    {
        Signal.Traces => [RouteContext.Resource, RouteContext.Span, RouteContext.Request],
        Signal.Metrics => [RouteContext.Resource, RouteContext.Metric, RouteContext.DataPoint, RouteContext.Request],
        _ => [RouteContext.Resource, RouteContext.Log, RouteContext.Request],
    };
}
