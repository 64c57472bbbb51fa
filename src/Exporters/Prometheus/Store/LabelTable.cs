namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// Every rendered label the store's series carry, each kept once with the number of series (and identities) that hold
/// it: a series' labels are references into this table, so a label shared by many series (job, instance, scope, a
/// route) costs one reference per series rather than its text. A label leaves the table with its last series. Not
/// thread-safe: the store's lock guards it.
/// </summary>
internal sealed class LabelTable
{
    private readonly Dictionary<byte[], int> _references = new(LabelTextComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private byte[][] _resolved = new byte[16][];

    public LabelTable() => _lookup = _references.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>Number of distinct labels held.</summary>
    public int Count => _references.Count;

    /// <summary>
    /// The held labels of <paramref name="key"/>, in order, in scratch the next call overwrites; false when one of them
    /// is not held, which means no series has these labels.
    /// </summary>
    public bool TryResolve(SeriesKey key, out ReadOnlySpan<byte[]> labels)
    {
        if (_resolved.Length < key.LabelCount)
        {
            _resolved = new byte[key.LabelCount * 2][];
        }

        for (int i = 0; i < key.LabelCount; i++)
        {
            if (!_lookup.TryGetValue(key.Label(i), out var label, out _))
            {
                labels = default;
                return false;
            }

            _resolved[i] = label;
        }

        labels = _resolved.AsSpan(0, key.LabelCount);
        return true;
    }

    /// <summary>The labels of <paramref name="key"/> for a series that will hold them, each added or counted once more.</summary>
    public byte[][] Retain(SeriesKey key)
    {
        var labels = new byte[key.LabelCount][];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = Retain(key.Label(i));
        }

        return labels;
    }

    /// <summary>One label for a holder: the held array, added when new.</summary>
    public byte[] Retain(ReadOnlySpan<byte> text)
    {
        if (_lookup.TryGetValue(text, out var label, out var count))
        {
            _references[label] = count + 1;
            return label;
        }

        label = text.ToArray();
        _references.Add(label, 1);
        return label;
    }

    /// <summary>Gives back labels a series held; a label no series holds any more leaves the table.</summary>
    public void Release(byte[][] labels)
    {
        foreach (var label in labels)
        {
            Release(label);
        }
    }

    public void Release(byte[] label)
    {
        var count = _references[label] - 1;
        if (count == 0)
        {
            _references.Remove(label);
        }
        else
        {
            _references[label] = count;
        }
    }
}
