using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Pipeline.Components;

/// <summary>A processor: a consumer with a lifecycle, placed in one pipeline.</summary>
public interface IProcessor : IConsumer, IComponent;
