using MiniCollector.Exporters.Prometheus.Store;

namespace MiniCollector.Exporters.Prometheus.Ingest;

/// <summary>
/// What the ingest worked out from some received bytes (a resource, a scope, a metric's name and unit), found again by
/// those bytes without decoding them. Bounded: past <c>capacity</c> entries it starts over empty, so senders whose
/// resources never repeat cost a rebuild now and then, never unbounded memory. Not thread-safe: the ingest runs under
/// the store's lock.
/// </summary>
internal sealed class BytesCache<T>
    where T : class
{
    private readonly int _capacity;
    private readonly Dictionary<byte[], T> _entries;
    private readonly Dictionary<byte[], T>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public BytesCache(int capacity)
    {
        _capacity = capacity;
        _entries = new(LabelTextComparer.Instance);
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _entries.Count;

    public bool TryGet(ReadOnlySpan<byte> key, out T value) => _lookup.TryGetValue(key, out value!);

    public void Add(ReadOnlySpan<byte> key, T value)
    {
        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }

        _entries[key.ToArray()] = value;
    }
}
