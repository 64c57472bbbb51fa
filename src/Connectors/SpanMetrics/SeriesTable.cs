namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>
/// The series of one metric of one resource, by key, looked up by the key's characters without allocating; past
/// <c>aggregation_cardinality_limit</c> series, new keys share the one overflow series.
/// </summary>
internal sealed class SeriesTable<TSeries>
    where TSeries : Series
{
    private readonly Dictionary<string, TSeries> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TSeries>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SeriesTable()
    {
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The series that takes every key past the limit, once one went past it.</summary>
    public TSeries? Overflow { get; set; }

    /// <summary>Series held, the overflow series included.</summary>
    public int Count => _series.Count + (Overflow is null ? 0 : 1);

    /// <summary>Every series by key (the overflow series is not among them).</summary>
    public Dictionary<string, TSeries> ByKey => _series;

    /// <summary>The series of a key, if it exists.</summary>
    public bool TryGet(ReadOnlySpan<char> key, out TSeries series) => _lookup.TryGetValue(key, out series!);

    /// <summary>True when a new key may not have a series of its own (<paramref name="limit"/> zero: no limit).</summary>
    public bool IsFull(int limit) => limit > 0 && _series.Count >= limit;

    /// <summary>Adds the series of a new key.</summary>
    public void Add(ReadOnlySpan<char> key, TSeries series) => _series.Add(key.ToString(), series);

    /// <summary>Drops the series no span fed after <paramref name="cutoffNanos"/>.</summary>
    public void RemoveSeenAtOrBefore(long cutoffNanos)
    {
        foreach (var (key, series) in _series)
        {
            if (series.LastSeenNanos <= cutoffNanos)
            {
                _series.Remove(key);
            }
        }

        if (Overflow is { } overflow && overflow.LastSeenNanos <= cutoffNanos)
        {
            Overflow = null;
        }
    }

    /// <summary>Forgets every series' exemplars.</summary>
    public void ClearExemplars()
    {
        foreach (var series in _series.Values)
        {
            series.ClearExemplars();
        }

        Overflow?.ClearExemplars();
    }
}
