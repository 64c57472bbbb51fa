using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>What decides an item's backend (<c>routing_key</c>).</summary>
public enum RoutingKey
{
    /// <summary><c>traceID</c>: the span's (or log record's) trace id.</summary>
    TraceId,

    /// <summary><c>service</c>: the resource's <c>service.name</c>.</summary>
    Service,

    /// <summary><c>resource</c>: every attribute of the resource.</summary>
    Resource,

    /// <summary><c>metric</c>: the metric's name.</summary>
    Metric,

    /// <summary><c>streamID</c>: resource, scope, metric and the data point's attributes.</summary>
    StreamId,

    /// <summary><c>attributes</c>: the values of <c>routing_attributes</c>.</summary>
    Attributes,
}

/// <summary>The names of <see cref="RoutingKey"/> in configs and which signals each can route, as the reference has them.</summary>
public static class RoutingKeys
{
    /// <summary>The config names, in <see cref="RoutingKey"/> order.</summary>
    public static readonly string[] Names = ["traceID", "service", "resource", "metric", "streamID", "attributes"];

    /// <summary>The config name of a key.</summary>
    public static string Name(this RoutingKey key) => Names[(int)key];

    /// <summary>Parses a config name (as <see cref="Names"/>).</summary>
    public static RoutingKey Parse(string name) => (RoutingKey)Array.IndexOf(Names, name);

    /// <summary>The key used when <c>routing_key</c> is not written: traceID for traces, service for metrics and logs.</summary>
    public static RoutingKey DefaultFor(Signal signal) => signal == Signal.Traces ? RoutingKey.TraceId : RoutingKey.Service;

    /// <summary>The keys that can route <paramref name="signal"/>.</summary>
    public static IReadOnlyList<RoutingKey> ValidFor(Signal signal) => signal switch
    {
        Signal.Traces => [RoutingKey.TraceId, RoutingKey.Service, RoutingKey.Attributes],
        Signal.Logs => [RoutingKey.TraceId, RoutingKey.Service, RoutingKey.Resource, RoutingKey.Attributes],
        _ => [RoutingKey.Service, RoutingKey.Resource, RoutingKey.Metric, RoutingKey.StreamId, RoutingKey.Attributes],
    };
}
