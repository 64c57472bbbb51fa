using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>An extension shown the service's pipelines once the graph is built (the zpages pipelines view).</summary>
public interface IPipelinesObserver
{
    /// <summary>Called once, before anything starts, with every pipeline of the service.</summary>
    void OnPipelinesBuilt(IReadOnlyList<PipelineConfig> pipelines);
}
