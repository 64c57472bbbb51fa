using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// One request in a sending queue: in memory, or only its place in the persistent queue (read back when sent), with
/// its size and, under <c>wait_for_result</c>, the caller waiting for its outcome.
/// </summary>
internal sealed class QueueEntry(TelemetryRequest? request, StoredRecord? record, long size, TaskCompletionSource<ConsumeResult>? waiter)
{
    /// <summary>The request, when held in memory.</summary>
    public TelemetryRequest? Request { get; } = request;

    /// <summary>Its record, when the queue is persistent.</summary>
    public StoredRecord? Record { get; } = record;

    /// <summary>Size in the queue's sizer units.</summary>
    public long Size { get; } = size;

    /// <summary>The caller waiting for the outcome (wait_for_result), if any.</summary>
    public TaskCompletionSource<ConsumeResult>? Waiter { get; } = waiter;

    /// <summary>Items in the request.</summary>
    public int ItemCount => Request?.ItemCount ?? Record!.Value.ItemCount;
}
