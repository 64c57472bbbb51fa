using MiniCollector.Pipeline.Service;

namespace MiniCollector.Pipeline.Components;

/// <summary>An extension shown the service once the graph is built (the zpages service and pipelines views).</summary>
public interface IServiceObserver
{
    /// <summary>Called once, before anything starts, with the whole service.</summary>
    void OnServiceBuilt(ServiceDescription service);
}
