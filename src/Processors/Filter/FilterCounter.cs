namespace MiniCollector.Processors.Filter;

/// <summary>The items one filter processor dropped, read by its self-metric.</summary>
internal sealed class FilterCounter
{
    private long _dropped;

    public void Add(long items) => Interlocked.Add(ref _dropped, items);

    public long Read() => Interlocked.Read(ref _dropped);
}
