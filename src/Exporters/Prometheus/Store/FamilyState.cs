using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// One metric family of the store: its single TYPE, first HELP and UNIT, and its series in slot pages with a hash
/// index of their own. Pages are fixed-size and below the large object heap's threshold, so a growing family neither
/// copies its series nor leaves large garbage behind. Slots are filled in order and a freed slot is the next one
/// reused, so series keep the order they were created in. Not thread-safe: the store's lock guards it.
/// </summary>
internal sealed class FamilyState(in FamilyMetadata metadata, LabelTable labels)
{
    // 1024 slots of 56 bytes: 56 KiB, under the 85,000-byte large object threshold.
    private const int PageBits = 10;
    private const int PageSize = 1 << PageBits;

    private readonly Stack<int> _free = new();
    private SeriesSlot[][] _pages = [];

    // Per bucket, the first slot of its chain plus one (0: empty). Grown to keep at most one series per bucket.
    private int[] _buckets = [];

    // The identity of each series identified apart from its labels (target_info), by slot.
    private Dictionary<int, byte[]>? _identities;
    private int _end;

    public FamilyMetadata Metadata { get; } = metadata;

    public string Name => Metadata.Name;

    public MetricType Type => Metadata.Type;

    /// <summary>Number of series held.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The series <paramref name="key"/> names, created empty when new; a series identified apart from its labels takes
    /// the key's labels. The reference is valid until the next change of the family.
    /// </summary>
    public ref SeriesSlot Series(SeriesKey key, out bool created)
    {
        int at = Find(key);
        if (at >= 0)
        {
            created = false;
            ref var slot = ref At(at);
            if (key.IdentifiedApart && !(labels.TryResolve(key, out var resolved) && resolved.SequenceEqual(slot.Labels)))
            {
                var held = slot.Labels!;
                slot.Labels = labels.Retain(key);
                labels.Release(held);
            }

            return ref slot;
        }

        created = true;
        var retained = labels.Retain(key);
        at = _free.Count > 0 ? _free.Pop() : Append();
        ref var added = ref At(at);
        added = new SeriesSlot { Labels = retained, Hash = LabelTextComparer.Hash(key.IdentifiedApart ? key.Identity : retained) };
        if (key.IdentifiedApart)
        {
            (_identities ??= [])[at] = key.Identity.ToArray();
        }

        Count++;
        if (Count > _buckets.Length)
        {
            Rehash(Math.Max(16, _buckets.Length * 2));
        }
        else
        {
            Link(at);
        }

        return ref added;
    }

    /// <summary>Deletes a series; false when there is none of that identity.</summary>
    public bool Remove(SeriesKey key)
    {
        int at = Find(key);
        if (at < 0)
        {
            return false;
        }

        RemoveAt(at);
        return true;
    }

    /// <summary>Deletes every series last updated more than <paramref name="expirationTicks"/> before <paramref name="nowTicks"/>.</summary>
    public void RemoveExpired(long nowTicks, long expirationTicks)
    {
        for (int i = 0; i < _end; i++)
        {
            ref var slot = ref At(i);
            if (slot.Labels is not null && nowTicks - slot.UpdatedTicks > expirationTicks)
            {
                RemoveAt(i);
            }
        }
    }

    /// <summary>Copies every series, in order, to the start of <paramref name="destination"/> (at least <see cref="Count"/> long).</summary>
    public void CopyTo(SeriesSlot[] destination)
    {
        int n = 0;
        for (int i = 0; i < _end; i++)
        {
            ref var slot = ref At(i);
            if (slot.Labels is not null)
            {
                destination[n++] = slot;
            }
        }
    }

    private ref SeriesSlot At(int index) => ref _pages[index >> PageBits][index & (PageSize - 1)];

    // The slot of the series the key names, or -1. A series identified by its labels can only exist when every one of
    // them is in the table; its hash and identity are then its label indexes.
    private int Find(SeriesKey key)
    {
        ReadOnlySpan<byte> identity;
        if (key.IdentifiedApart)
        {
            identity = key.Identity;
        }
        else if (!labels.TryResolve(key, out identity))
        {
            return -1;
        }

        if (_buckets.Length == 0)
        {
            return -1;
        }

        int hash = LabelTextComparer.Hash(identity);
        for (int at = _buckets[hash & (_buckets.Length - 1)] - 1; at >= 0; at = At(at).Next - 1)
        {
            ref var slot = ref At(at);
            var held = key.IdentifiedApart ? _identities?.GetValueOrDefault(at) : slot.Labels;
            if (slot.Hash == hash && held is not null && identity.SequenceEqual(held))
            {
                return at;
            }
        }

        return -1;
    }

    private void RemoveAt(int at)
    {
        Unlink(at);
        ref var slot = ref At(at);
        labels.Release(slot.Labels!);
        _identities?.Remove(at);
        slot = default;
        _free.Push(at);
        Count--;
    }

    private int Append()
    {
        if (_end >> PageBits == _pages.Length)
        {
            Array.Resize(ref _pages, Math.Max(4, _pages.Length * 2));
        }

        _pages[_end >> PageBits] ??= new SeriesSlot[PageSize];
        return _end++;
    }

    private void Link(int at)
    {
        ref var slot = ref At(at);
        ref var head = ref _buckets[slot.Hash & (_buckets.Length - 1)];
        slot.Next = head;
        head = at + 1;
    }

    private void Unlink(int at)
    {
        ref var slot = ref At(at);
        ref var link = ref _buckets[slot.Hash & (_buckets.Length - 1)];
        while (link != at + 1)
        {
            link = ref At(link - 1).Next;
        }

        link = slot.Next;
    }

    private void Rehash(int size)
    {
        _buckets = new int[size];
        for (int i = 0; i < _end; i++)
        {
            if (At(i).Labels is not null)
            {
                Link(i);
            }
        }
    }
}

/// <summary>What identifies a family as written by the translator.</summary>
internal readonly record struct FamilyInfo(string Name, MetricType Type, string Help, string Unit);
