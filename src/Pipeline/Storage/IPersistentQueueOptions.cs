namespace MiniCollector.Pipeline.Storage;

/// <summary>Options of a component whose queue can be persistent, so config checks can reason about durability.</summary>
public interface IPersistentQueueOptions
{
    /// <summary>True when the component keeps its queue in a storage extension (<c>sending_queue::storage</c>).</summary>
    bool HasPersistentQueue { get; }
}
