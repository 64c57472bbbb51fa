namespace MiniCollector.Exporters.Sending;

/// <summary>
/// The room left in a sending queue, in sizer units. A request larger than the whole queue is admitted when the
/// queue is empty, or it could never pass; callers that block wait for releases.
/// </summary>
internal sealed class QueueCapacity(long capacity)
{
    private long _used;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Units in use now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>The configured capacity.</summary>
    public long Capacity => capacity;

    /// <summary>Takes room for <paramref name="size"/> units if there is any.</summary>
    public bool TryReserve(long size)
    {
        long used = Interlocked.Add(ref _used, size);
        if (used <= capacity || used == size)
        {
            return true;
        }

        Interlocked.Add(ref _used, -size);
        return false;
    }

    /// <summary>Takes room, waiting for releases while the queue is full.</summary>
    public async ValueTask ReserveAsync(long size, CancellationToken cancellationToken)
    {
        while (true)
        {
            var released = Volatile.Read(ref _released);
            if (TryReserve(size))
            {
                return;
            }

            await released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes room regardless of the capacity (requests recovered from storage).</summary>
    public void ForceReserve(long size) => Interlocked.Add(ref _used, size);

    /// <summary>Gives room back and wakes every waiter.</summary>
    public void Release(long size)
    {
        Interlocked.Add(ref _used, -size);
        var released = Interlocked.Exchange(ref _released, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        released.TrySetResult();
    }
}
