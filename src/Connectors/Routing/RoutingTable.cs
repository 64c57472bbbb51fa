using MiniCollector.Ottl;
using MiniCollector.Pipeline.Payload;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Connectors.Routing;

/// <summary>
/// The compiled routes in table order, and the decisions every signal shares. Destinations are route indexes;
/// <see cref="Default"/> (the route count) stands for the default pipelines. Each item goes to the first route it
/// matches, which is what the reference's routes, each moving what it matches out of what is left, amount to.
/// </summary>
internal sealed class RoutingTable
{
    private readonly Route[] _routes;

    public RoutingTable(Route[] routes)
    {
        _routes = routes;
        OnlyRequestRoutes = Array.TrueForAll(routes, r => r.Context == RouteContext.Request);
    }

    /// <summary>The routes, in table order.</summary>
    public IReadOnlyList<Route> Routes => _routes;

    /// <summary>The destination of what matches no route.</summary>
    public int Default => _routes.Length;

    /// <summary>True when every route looks at the request only, so the data need not be read.</summary>
    public bool OnlyRequestRoutes { get; }

    /// <summary>
    /// Where routing stops: the first request route the request's metadata matches (it takes everything left), or
    /// <see cref="Default"/> when none does.
    /// </summary>
    public int RequestLimit(ClientMetadata metadata)
    {
        for (int i = 0; i < _routes.Length; i++)
        {
            if (_routes[i].Request is { } request && request.Matches(metadata))
            {
                return i;
            }
        }

        return Default;
    }

    /// <summary>The first resource route before <paramref name="limit"/> the resource matches; <paramref name="limit"/> when none does.</summary>
    public int ResourceDestination(OtlpResource? resource, int limit)
    {
        var item = new ResourceContext(resource);
        for (int i = 0; i < limit; i++)
        {
            var route = _routes[i];
            if (route.Context == RouteContext.Resource && route.Matches(in item))
            {
                return i;
            }
        }

        return limit;
    }

    /// <summary>True when a route of <paramref name="context"/> comes before <paramref name="limit"/> (items must then be looked at one by one).</summary>
    public bool HasBefore(RouteContext context, int limit)
    {
        for (int i = 0; i < limit; i++)
        {
            if (_routes[i].Context == context)
            {
                return true;
            }
        }

        return false;
    }
}
