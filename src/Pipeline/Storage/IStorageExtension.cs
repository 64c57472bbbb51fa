using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Storage;

/// <summary>
/// An extension that gives components durable storage (<c>file_storage</c>); exporters name it in
/// <c>sending_queue::storage</c> and keep their queue in it.
/// </summary>
public interface IStorageExtension
{
    /// <summary>
    /// Opens the persistent queue of one component (created if new, recovered if it exists). Each component gets
    /// its own queue; a queue whose component is no longer configured is left where it is. Throws
    /// <see cref="ComponentStartException"/> when the queue cannot be opened (directory missing, lock held).
    /// </summary>
    IPersistentQueue OpenQueue(ComponentKind kind, ComponentId owner);
}
