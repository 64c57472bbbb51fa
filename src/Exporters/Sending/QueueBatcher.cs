using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// Groups queued requests into batches per signal for <c>sending_queue::batch</c>: a batch is ready once it reaches
/// <c>min_size</c> or its first request has waited <c>flush_timeout</c>; it stops short of <c>max_size</c> where
/// whole requests allow (a single request over it is split when sent).
/// </summary>
internal sealed class QueueBatcher(QueueBatchOptions options, TimeProvider time)
{
    private readonly Pending[] _pending = [new(), new(), new()];

    /// <summary>True while any request waits for its batch.</summary>
    public bool HasPending => _pending[0].Entries.Count + _pending[1].Entries.Count + _pending[2].Entries.Count > 0;

    /// <summary>Adds a request to its signal's batch.</summary>
    public void Add(QueueEntry entry, Signal signal)
    {
        var pending = _pending[(int)signal];
        if (pending.Entries.Count == 0)
        {
            pending.Since = time.GetTimestamp();
        }

        pending.Entries.Add(entry);
        pending.Size += SizeOf(entry);
    }

    /// <summary>How long until the oldest waiting batch is due; null when nothing waits.</summary>
    public TimeSpan? UntilDue()
    {
        TimeSpan? soonest = null;
        foreach (var pending in _pending)
        {
            if (pending.Entries.Count > 0)
            {
                var left = options.FlushTimeout - time.GetElapsedTime(pending.Since);
                if (soonest is null || left < soonest)
                {
                    soonest = left;
                }
            }
        }

        return soonest is { } s && s < TimeSpan.Zero ? TimeSpan.Zero : soonest;
    }

    /// <summary>Takes every batch that is full or due (or every batch at all, when <paramref name="all"/>).</summary>
    public List<List<QueueEntry>> TakeReady(bool all)
    {
        var ready = new List<List<QueueEntry>>();
        foreach (var pending in _pending)
        {
            while (pending.Entries.Count > 0 && (all || pending.Size >= options.MinSize || time.GetElapsedTime(pending.Since) >= options.FlushTimeout))
            {
                ready.Add(Take(pending));
            }
        }

        return ready;
    }

    /// <summary>The size of an entry in the batch sizer's unit.</summary>
    public long SizeOf(QueueEntry entry) => options.Sizer == QueueSizer.Bytes
        ? entry.Request?.ByteLength ?? entry.Record!.Value.Length
        : entry.ItemCount;

    // The oldest requests, up to max_size where whole requests allow; the rest keeps waiting from now.
    private List<QueueEntry> Take(Pending pending)
    {
        int count = pending.Entries.Count;
        long size = pending.Size;
        if (options.MaxSize > 0)
        {
            count = 0;
            size = 0;
            while (count < pending.Entries.Count)
            {
                long next = SizeOf(pending.Entries[count]);
                if (count > 0 && size + next > options.MaxSize)
                {
                    break;
                }

                size += next;
                count++;
            }
        }

        var batch = pending.Entries.GetRange(0, count);
        pending.Entries.RemoveRange(0, count);
        pending.Size -= size;
        pending.Since = time.GetTimestamp();
        return batch;
    }

    private sealed class Pending
    {
        public List<QueueEntry> Entries { get; } = [];

        public long Size { get; set; }

        public long Since { get; set; }
    }
}
