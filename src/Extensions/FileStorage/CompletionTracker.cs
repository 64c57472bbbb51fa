namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// The sequence numbers of a queue's records that are not yet complete, oldest first. Records complete in any order
/// (several consumers); <see cref="DoneUpTo"/> is the oldest one still incomplete, the position a checkpoint can
/// safely persist. Not thread-safe: the queue guards it.
/// </summary>
internal sealed class CompletionTracker
{
    // A ring of entries in sequence order; completed entries stay in place until every older one is complete too,
    // so a completion is a binary search and a flag, with no allocation.
    private Entry[] _ring = new Entry[64];
    private int _head;
    private int _count;
    private long _floor;

    /// <summary>
    /// The oldest sequence not yet complete; when nothing is pending, the sequence after the newest one ever added
    /// (or raised to with <see cref="RaiseFloor"/>).
    /// </summary>
    public long DoneUpTo => _count == 0 ? _floor : _ring[_head].Sequence;

    /// <summary>Adds a record; sequences must increase.</summary>
    public void Add(long sequence)
    {
        if (sequence < _floor)
        {
            throw new InvalidOperationException($"sequence {sequence} added after {_floor - 1}");
        }

        if (_count == _ring.Length)
        {
            Grow();
        }

        _ring[(_head + _count) & (_ring.Length - 1)] = new Entry(sequence, false);
        _count++;
        _floor = sequence + 1;
    }

    /// <summary>Makes <see cref="DoneUpTo"/> at least <paramref name="sequence"/> once nothing older is pending.</summary>
    public void RaiseFloor(long sequence) => _floor = Math.Max(_floor, sequence);

    /// <summary>Marks a record complete; false when it is unknown or was already complete.</summary>
    public bool Complete(long sequence)
    {
        int mask = _ring.Length - 1;
        int low = 0;
        int high = _count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            ref var entry = ref _ring[(_head + middle) & mask];
            if (entry.Sequence == sequence)
            {
                if (entry.Done)
                {
                    return false;
                }

                entry = entry with { Done = true };
                while (_count > 0 && _ring[_head].Done)
                {
                    _head = (_head + 1) & mask;
                    _count--;
                }

                return true;
            }

            if (entry.Sequence < sequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    private void Grow()
    {
        var larger = new Entry[_ring.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            larger[i] = _ring[(_head + i) & (_ring.Length - 1)];
        }

        _ring = larger;
        _head = 0;
    }

    private readonly record struct Entry(long Sequence, bool Done);
}
