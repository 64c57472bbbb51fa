using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// Every rendered label the store's series carry, each kept once under a small number (its index) with the number of
/// series that hold it: a series keeps its labels as a few bytes of indexes (see <see cref="LabelIndexes"/>), so a
/// label shared by many series (job, instance, scope, a route) costs a byte or two per series rather than its text. A
/// label leaves the table with its last series. Not thread-safe: the store's lock guards it.
/// </summary>
/// <remarks>
/// A scrape writes the labels of the series it copied from <see cref="Texts"/> outside the lock, so between
/// <see cref="BeginScrape"/> and <see cref="EndScrape"/> an index whose label was given up is not handed out again.
/// </remarks>
internal sealed class LabelTable
{
    private readonly Dictionary<byte[], int> _indexes = new(LabelTextComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Stack<int> _free = new();
    private readonly List<int> _freedWhileScraping = [];
    private byte[][] _texts = new byte[16][];
    private int[] _holders = new int[16];
    private byte[] _scratch = new byte[64];
    private int _end;
    private int _scrapes;

    public LabelTable() => _lookup = _indexes.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>Number of distinct labels held.</summary>
    public int Count => _indexes.Count;

    /// <summary>The labels by index as they are now; what a scrape writes its copied series' labels from.</summary>
    public byte[][] Texts => _texts;

    /// <summary>
    /// The indexes of <paramref name="key"/>'s labels, in scratch the next call overwrites; false when one of them is not
    /// held, which means no series has these labels.
    /// </summary>
    public bool TryResolve(SeriesKey key, out ReadOnlySpan<byte> indexes)
    {
        Scratch(key.LabelCount);
        int length = 0;
        for (int i = 0; i < key.LabelCount; i++)
        {
            if (!_lookup.TryGetValue(key.Label(i), out var index))
            {
                indexes = default;
                return false;
            }

            length += LabelIndexes.Write(index, _scratch.AsSpan(length));
        }

        indexes = _scratch.AsSpan(0, length);
        return true;
    }

    /// <summary>The indexes of <paramref name="key"/>'s labels for a series that will hold them, each label added or counted once more.</summary>
    public byte[] Retain(SeriesKey key)
    {
        Scratch(key.LabelCount);
        int length = 0;
        for (int i = 0; i < key.LabelCount; i++)
        {
            length += LabelIndexes.Write(Retain(key.Label(i)), _scratch.AsSpan(length));
        }

        return _scratch.AsSpan(0, length).ToArray();
    }

    /// <summary>Gives back the labels a series held; a label no series holds any more leaves the table.</summary>
    public void Release(byte[] indexes)
    {
        for (int offset = 0; offset < indexes.Length;)
        {
            Release(LabelIndexes.Read(indexes, ref offset));
        }
    }

    /// <summary>A scrape starts reading <see cref="Texts"/>.</summary>
    public void BeginScrape() => _scrapes++;

    /// <summary>A scrape is done; once none is left, indexes given up meanwhile can be handed out again.</summary>
    public void EndScrape()
    {
        if (--_scrapes > 0)
        {
            return;
        }

        foreach (var index in _freedWhileScraping)
        {
            Free(index);
        }

        _freedWhileScraping.Clear();
    }

    private int Retain(ReadOnlySpan<byte> text)
    {
        if (_lookup.TryGetValue(text, out var index))
        {
            _holders[index]++;
            return index;
        }

        index = _free.Count > 0 ? _free.Pop() : Append();
        var stored = text.ToArray();
        _texts[index] = stored;
        _holders[index] = 1;
        _indexes.Add(stored, index);
        return index;
    }

    private void Release(int index)
    {
        if (--_holders[index] > 0)
        {
            return;
        }

        _indexes.Remove(_texts[index]);
        if (_scrapes > 0)
        {
            _freedWhileScraping.Add(index);
        }
        else
        {
            Free(index);
        }
    }

    private void Free(int index)
    {
        _texts[index] = null!;
        _free.Push(index);
    }

    // Texts and holders grow into new arrays, so a scrape keeps reading the array it took.
    private int Append()
    {
        if (_end == _texts.Length)
        {
            Array.Resize(ref _texts, _texts.Length * 2);
            Array.Resize(ref _holders, _holders.Length * 2);
        }

        return _end++;
    }

    private void Scratch(int labels)
    {
        if (_scratch.Length < labels * LabelIndexes.MaxLength)
        {
            _scratch = new byte[labels * LabelIndexes.MaxLength * 2];
        }
    }
}
