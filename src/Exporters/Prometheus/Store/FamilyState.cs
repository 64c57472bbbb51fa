using MiniCollector.Pipeline.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// One metric family of the store: its single TYPE, first HELP and UNIT, and its series in a slot array indexed by
/// identity. Slots are written in order, and a freed slot is the next one reused, so series keep the order they were
/// created in. Not thread-safe: the store's lock guards it.
/// </summary>
internal sealed class FamilyState
{
    private readonly Dictionary<byte[], int> _index = new(LabelTextComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Stack<int> _free = new();
    private SeriesSlot[] _slots = [];
    private int _end;

    public FamilyState(in FamilyMetadata metadata)
    {
        Metadata = metadata;
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public FamilyMetadata Metadata { get; }

    public string Name => Metadata.Name;

    public MetricType Type => Metadata.Type;

    /// <summary>Number of series held.</summary>
    public int Count => _index.Count;

    /// <summary>The series <paramref name="key"/> names, created empty when new. The reference is valid until the next change of the family.</summary>
    public ref SeriesSlot Series(SeriesKey key, out bool created)
    {
        if (_lookup.TryGetValue(key.Identity, out var at))
        {
            created = false;
            ref var slot = ref _slots[at];
            if (!key.LabelsAreIdentity && !key.Labels.SequenceEqual(slot.Labels))
            {
                slot.Labels = key.Labels.ToArray();
            }

            return ref slot;
        }

        created = true;
        var identity = key.Identity.ToArray();
        at = _free.Count > 0 ? _free.Pop() : Append();
        _index.Add(identity, at);
        _slots[at] = new SeriesSlot { Labels = key.LabelsAreIdentity ? identity : key.Labels.ToArray() };
        return ref _slots[at];
    }

    /// <summary>Deletes a series; false when there is none of that identity.</summary>
    public bool Remove(ReadOnlySpan<byte> identity)
    {
        if (!_lookup.Remove(identity, out _, out var at))
        {
            return false;
        }

        Free(at);
        return true;
    }

    /// <summary>Deletes every series last updated more than <paramref name="expirationTicks"/> before <paramref name="nowTicks"/>.</summary>
    public void RemoveExpired(long nowTicks, long expirationTicks)
    {
        List<byte[]>? expired = null;
        foreach (var (identity, at) in _index)
        {
            if (nowTicks - _slots[at].UpdatedTicks > expirationTicks)
            {
                (expired ??= []).Add(identity);
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var identity in expired)
        {
            _index.Remove(identity, out var at);
            Free(at);
        }
    }

    /// <summary>Copies every series, in order, to the start of <paramref name="destination"/> (at least <see cref="Count"/> long).</summary>
    public void CopyTo(SeriesSlot[] destination)
    {
        int n = 0;
        for (int i = 0; i < _end; i++)
        {
            if (_slots[i].Labels is not null)
            {
                destination[n++] = _slots[i];
            }
        }
    }

    private int Append()
    {
        if (_end == _slots.Length)
        {
            Array.Resize(ref _slots, Math.Max(4, _slots.Length * 2));
        }

        return _end++;
    }

    private void Free(int at)
    {
        _slots[at] = default;
        _free.Push(at);
    }
}

/// <summary>What identifies a family as written by the translator.</summary>
internal readonly record struct FamilyInfo(string Name, MetricType Type, string Help, string Unit);
