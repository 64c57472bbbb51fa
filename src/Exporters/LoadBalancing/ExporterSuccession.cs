using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// The latest build of each loadbalancing exporter id, per collector (a collector's components share one logger
/// factory). A config reload that changes the exporter builds the new one, stops the old one, then starts the new one
/// (data waits at its gate meanwhile): the old build finds its successor here and hands it what it has not delivered,
/// to route by the new ring once it starts, instead of draining to backends that may have left.
/// </summary>
internal static class ExporterSuccession
{
    private static readonly ConditionalWeakTable<ILoggerFactory, Dictionary<ComponentId, LoadBalancingExporter>> Current = [];

    /// <summary>Records <paramref name="exporter"/> as the latest build of its id.</summary>
    public static void Built(ComponentContext context, LoadBalancingExporter exporter)
    {
        var running = Current.GetOrCreateValue(context.LoggerFactory);
        lock (running)
        {
            running[context.Id] = exporter;
        }
    }

    /// <summary>The build made after <paramref name="exporter"/>, if any and not stopping; this one stops being recorded either way.</summary>
    public static LoadBalancingExporter? Successor(ComponentContext context, LoadBalancingExporter exporter)
    {
        if (!Current.TryGetValue(context.LoggerFactory, out var running))
        {
            return null;
        }

        lock (running)
        {
            if (running.TryGetValue(context.Id, out var current) && !ReferenceEquals(current, exporter) && !current.Stopping)
            {
                return current;
            }

            if (ReferenceEquals(current, exporter))
            {
                running.Remove(context.Id);
            }

            return null;
        }
    }
}
