using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Pipeline.Components;

/// <summary>An exporter: a consumer with a lifecycle, shared by every pipeline that lists it.</summary>
public interface IExporter : IConsumer, IComponent;
