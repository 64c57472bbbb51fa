using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// One metric family of the store: its single TYPE, first HELP and UNIT, and its series in slot pages with two hash
/// indexes of their own: by labels (what a series is) and by the bytes its updates arrive as (how the ingest finds it
/// again without building its labels). Pages are fixed-size and below the large object heap's threshold, so a growing
/// family neither copies its series nor leaves large garbage behind. Slots are filled in order and a freed slot is
/// reused, so series mostly keep the order they were created in. Not thread-safe: the store's lock guards it.
/// </summary>
/// <remarks>
/// <para>
/// A series keeps the received bytes only as a seeded 128-bit hash (16 bytes in its slot, where the bytes themselves
/// would be ~100 more per series). Two different byte strings sharing a hash among a million series has a chance of about
/// 10^-27; and a sender who could contrive one gains nothing it lacks, since it can already send any labels it likes.
/// </para>
/// <para>
/// A scrape copies a family a run of slots at a time (<see cref="BeginCopy"/>, <see cref="CopyRun"/>, <see cref="EndCopy"/>),
/// releasing the lock in between, so ingest waits for one run at most. While a copy is under way no slot is reused: a
/// series created meanwhile is appended past the end the copy started with and is left for the next scrape, so a series
/// removed and created again during a copy is never written twice.
/// </para>
/// </remarks>
internal sealed class FamilyState(in FamilyMetadata metadata, LabelTable labels)
{
    // 1024 slots of 80 bytes: 80 KiB, under the 85,000-byte large object threshold.
    private const int PageBits = 10;
    internal const int PageSize = 1 << PageBits;

    private readonly Stack<int> _free = new();
    private readonly List<int> _freedWhileCopying = [];
    private SeriesSlot[][] _pages = [];

    // Per bucket, the first slot of its chain plus one (0: empty), for the label index and for the received-bytes
    // index. Both grow together to keep at most one series per bucket.
    private int[] _buckets = [];
    private int[] _receivedBuckets = [];

    // The identity of each series identified apart from its labels (target_info), by slot.
    private Dictionary<int, byte[]>? _identities;
    private int _end;
    private int _copies;

    public FamilyMetadata Metadata { get; } = metadata;

    public string Name => Metadata.Name;

    public MetricType Type => Metadata.Type;

    /// <summary>Number of series held.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The series <paramref name="key"/> names, created empty when new; a series identified apart from its labels takes
    /// the key's labels. The reference is valid until the next change of the family.
    /// </summary>
    public ref SeriesSlot Series(SeriesKey key, out bool created) => ref Slot(Locate(key, out created));

    /// <summary>The slot number of the series <paramref name="key"/> names, created empty when new (as <see cref="Series"/>).</summary>
    public int Locate(SeriesKey key, out bool created)
    {
        int at = Find(key);
        if (at >= 0)
        {
            created = false;
            ref var slot = ref Slot(at);
            if (key.IdentifiedApart && !(labels.TryResolve(key, out var resolved) && resolved.SequenceEqual(slot.Labels)))
            {
                var held = slot.Labels!;
                slot.Labels = labels.Retain(key);
                labels.Release(held);
            }

            return at;
        }

        created = true;
        var retained = labels.Retain(key);
        at = _free.Count > 0 && _copies == 0 ? _free.Pop() : Append();
        ref var added = ref Slot(at);
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

        return at;
    }

    /// <summary>The slot <paramref name="at"/>; the reference is valid until the next change of the family.</summary>
    public ref SeriesSlot Slot(int at) => ref _pages[at >> PageBits][at & (PageSize - 1)];

    /// <summary>
    /// The slot of the series whose latest update arrived as bytes of the hash <paramref name="received"/> (see
    /// <see cref="ReceivedHash"/>), or -1. The same bytes always mean the same labels, so a match is that series; a miss
    /// only means the labels must be built to find it.
    /// </summary>
    public int FindReceived(UInt128 received)
    {
        if (_receivedBuckets.Length == 0)
        {
            return -1;
        }

        for (int at = _receivedBuckets[(int)(ulong)received & (_receivedBuckets.Length - 1)] - 1; at >= 0; at = Slot(at).ReceivedNext - 1)
        {
            if (Slot(at).Received == received)
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// What <see cref="FindReceived"/> finds a series by: the seeded 128-bit hash of the bytes its update arrived as (never
    /// 0, which marks a slot without one).
    /// </summary>
    public static UInt128 ReceivedHash(ReadOnlySpan<byte> received)
    {
        var hash = LabelTextComparer.Hash128(received);
        return hash == 0 ? 1 : hash;
    }

    /// <summary>Records the hash of the bytes the series at <paramref name="at"/> arrived as, replacing the one it had.</summary>
    public void SetReceived(int at, UInt128 received)
    {
        ref var slot = ref Slot(at);
        if (slot.Received != 0)
        {
            UnlinkReceived(at);
        }

        slot.Received = received;
        LinkReceived(at);
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

    /// <summary>Starts a copy of the series; returns the slot number it ends before. End it with <see cref="EndCopy"/>.</summary>
    public int BeginCopy()
    {
        _copies++;
        return _end;
    }

    /// <summary>
    /// Copies the series of up to <paramref name="maxSlots"/> slots from <paramref name="from"/> on (and before
    /// <paramref name="end"/>) to <paramref name="destination"/> at <paramref name="count"/>, deleting instead every series
    /// last updated more than <paramref name="expirationTicks"/> before <paramref name="nowTicks"/>; returns the next slot.
    /// </summary>
    public int CopyRun(int from, int end, int maxSlots, SeriesSlot[] destination, ref int count, long nowTicks, long expirationTicks)
    {
        int stop = Math.Min(end, from + maxSlots);
        for (int i = from; i < stop; i++)
        {
            ref var slot = ref Slot(i);
            if (slot.Labels is null)
            {
                continue;
            }

            if (nowTicks - slot.UpdatedTicks > expirationTicks)
            {
                RemoveAt(i);
                continue;
            }

            destination[count++] = slot;
        }

        return stop;
    }

    /// <summary>Ends a copy <see cref="BeginCopy"/> started; once none is under way, freed slots can be reused.</summary>
    public void EndCopy()
    {
        if (--_copies > 0)
        {
            return;
        }

        foreach (var at in _freedWhileCopying)
        {
            _free.Push(at);
        }

        _freedWhileCopying.Clear();
    }

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
        for (int at = _buckets[hash & (_buckets.Length - 1)] - 1; at >= 0; at = Slot(at).Next - 1)
        {
            ref var slot = ref Slot(at);
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
        ref var slot = ref Slot(at);
        if (slot.Received != 0)
        {
            UnlinkReceived(at);
        }

        labels.Release(slot.Labels!);
        _identities?.Remove(at);
        slot = default;
        if (_copies > 0)
        {
            _freedWhileCopying.Add(at);
        }
        else
        {
            _free.Push(at);
        }

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
        ref var slot = ref Slot(at);
        ref var head = ref _buckets[slot.Hash & (_buckets.Length - 1)];
        slot.Next = head;
        head = at + 1;
    }

    private void Unlink(int at)
    {
        ref var slot = ref Slot(at);
        ref var link = ref _buckets[slot.Hash & (_buckets.Length - 1)];
        while (link != at + 1)
        {
            link = ref Slot(link - 1).Next;
        }

        link = slot.Next;
    }

    private void LinkReceived(int at)
    {
        ref var slot = ref Slot(at);
        ref var head = ref _receivedBuckets[(int)(ulong)slot.Received & (_receivedBuckets.Length - 1)];
        slot.ReceivedNext = head;
        head = at + 1;
    }

    private void UnlinkReceived(int at)
    {
        ref var slot = ref Slot(at);
        ref var link = ref _receivedBuckets[(int)(ulong)slot.Received & (_receivedBuckets.Length - 1)];
        while (link != at + 1)
        {
            link = ref Slot(link - 1).ReceivedNext;
        }

        link = slot.ReceivedNext;
    }

    private void Rehash(int size)
    {
        _buckets = new int[size];
        _receivedBuckets = new int[size];
        for (int i = 0; i < _end; i++)
        {
            ref var slot = ref Slot(i);
            if (slot.Labels is null)
            {
                continue;
            }

            Link(i);
            if (slot.Received != 0)
            {
                LinkReceived(i);
            }
        }
    }
}

/// <summary>What identifies a family as written by the translator.</summary>
internal readonly record struct FamilyInfo(string Name, MetricType Type, string Help, string Unit);
