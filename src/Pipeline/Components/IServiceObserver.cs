using MiniCollector.Pipeline.Service;

namespace MiniCollector.Pipeline.Components;

/// <summary>An extension shown the service once the graph is built (the zpages service and pipelines views).</summary>
public interface IServiceObserver
{
    /// <summary>Called once, before anything starts, with the whole service.</summary>
    void OnServiceBuilt(ServiceDescription service);

    /// <summary>
    /// Called after each config reload with the service now running (the new one, or the old one when the new config
    /// was refused), its <see cref="ServiceDescription.LastReload"/> set. By default the same as a build.
    /// </summary>
    void OnServiceReloaded(ServiceDescription service) => OnServiceBuilt(service);
}
