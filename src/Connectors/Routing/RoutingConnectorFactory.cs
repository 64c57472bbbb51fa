using Microsoft.Extensions.Logging;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Connectors.Routing;

/// <summary>
/// Factory of the <c>routing</c> connector: routes traces, metrics or logs to pipelines of the same signal by OTTL
/// conditions on resources or items, or by the request's client metadata.
/// </summary>
public sealed class RoutingConnectorFactory() : ConnectorFactory<RoutingOptions>(
    new("routing", []) { Stability = "alpha" },
    [new(Signal.Traces, Signal.Traces), new(Signal.Metrics, Signal.Metrics), new(Signal.Logs, Signal.Logs)],
    (section, _) => RoutingOptions.Bind(section))
{
    /// <inheritdoc />
    public override IEnumerable<ConfigError> ProblemsWith(object options, SignalPair pair, IReadOnlyList<string> targets)
    {
        var routing = (RoutingOptions)options;
        var contexts = RouteContexts.For(pair.From);
        var fed = string.Join(", ", targets);
        foreach (var route in routing.Table)
        {
            if (!contexts.Contains(route.Context))
            {
                yield return new ConfigError(route.PipelinesLocation, route.Path,
                    $"the {route.Context.Name()} context cannot route {pair.From.Name()} (valid contexts for {pair.From.Name()}: {string.Join(", ", contexts.Select(c => c.Name()))})");
            }

            foreach (var pipeline in route.Pipelines.Where(p => !targets.Contains(p)))
            {
                yield return new ConfigError(route.PipelinesLocation, route.Path + "::pipelines", NotFed(pipeline, pair, fed));
            }
        }

        foreach (var pipeline in routing.DefaultPipelines.Where(p => !targets.Contains(p)))
        {
            yield return new ConfigError(routing.DefaultPipelinesLocation, routing.Path + "::default_pipelines", NotFed(pipeline, pair, fed));
        }
    }

    /// <inheritdoc />
    public override IConnector Create(ComponentContext context, RoutingOptions options, SignalPair pair, ConnectorTargets targets)
    {
        var consumers = new Dictionary<string, IConsumer>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var routes = new List<Route>(options.Table.Count);
        foreach (var route in options.Table)
        {
            // As the reference: a second route with the same context and condition could never match anything.
            if (!seen.Add(route.Context.Name() + " " + (route.Request?.ToString() ?? route.Condition)))
            {
                context.Logger.LogWarning("Route \"{Route}\" ({Context} context) is already in the routing table; the route to [{Pipelines}] is ignored", route.Text, route.Context.Name(), string.Join(", ", route.Pipelines));
                continue;
            }

            OttlConditions? conditions = null;
            if (route.Context != RouteContext.Request && route.Condition is { } condition)
            {
                var errors = new List<OttlError>();
                conditions = OttlParser.ParseConditions([condition], route.Context.Ottl(), errors, options.ErrorMode, context.Logger)
                    ?? throw new InvalidOperationException($"{route.Path}: {string.Join("; ", errors)}");
            }

            routes.Add(new Route(route.Context, conditions, route.Request, Consumer(targets, route.Pipelines, consumers, pair), route.Text));
        }

        var defaults = options.DefaultPipelines.Count == 0 ? null : Consumer(targets, options.DefaultPipelines, consumers, pair);
        return new RoutingConnector(SignalKind.For(pair.From), new RoutingTable([.. routes]), defaults, context);
    }

    // One consumer per distinct set of pipelines, so routes to the same pipelines share one.
    private static IConsumer Consumer(ConnectorTargets targets, IReadOnlyList<string> pipelines, Dictionary<string, IConsumer> consumers, SignalPair pair)
    {
        var key = string.Join("\n", pipelines.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        if (!consumers.TryGetValue(key, out var consumer))
        {
            consumer = targets.ForAll(pipelines)
                ?? throw new InvalidOperationException($"routing connector: none of the pipelines [{string.Join(", ", pipelines)}] is fed by it for {pair}");
            consumers[key] = consumer;
        }

        return consumer;
    }

    private static string NotFed(string pipeline, SignalPair pair, string fed)
        => $"pipeline \"{pipeline}\" is not one this connector feeds: a route's pipelines must be {pair.To.Name()} pipelines naming the connector in their receivers (it feeds: {fed})";
}
