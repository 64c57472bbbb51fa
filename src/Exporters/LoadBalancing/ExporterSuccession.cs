using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// Which loadbalancing exporter runs under each id, per collector (a collector's components share one logger factory).
/// A config reload that changes the exporter starts the new build before it stops the old one: the old build finds its
/// successor here and hands it what it has not delivered, to route by the new ring, instead of draining to backends
/// that may have left.
/// </summary>
internal static class ExporterSuccession
{
    private static readonly ConditionalWeakTable<ILoggerFactory, Dictionary<ComponentId, LoadBalancingExporter>> Current = [];

    /// <summary>Records <paramref name="exporter"/> as the one running under its id.</summary>
    public static void Started(ComponentContext context, LoadBalancingExporter exporter)
    {
        var running = Current.GetOrCreateValue(context.LoggerFactory);
        lock (running)
        {
            running[context.Id] = exporter;
        }
    }

    /// <summary>The build that took over from <paramref name="exporter"/>, if one runs; it stops being recorded either way.</summary>
    public static LoadBalancingExporter? Successor(ComponentContext context, LoadBalancingExporter exporter)
    {
        if (!Current.TryGetValue(context.LoggerFactory, out var running))
        {
            return null;
        }

        lock (running)
        {
            if (running.TryGetValue(context.Id, out var current) && !ReferenceEquals(current, exporter) && current.Accepting)
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
