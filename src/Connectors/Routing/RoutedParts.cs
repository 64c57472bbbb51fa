namespace MiniCollector.Connectors.Routing;

/// <summary>
/// A request divided by destination: per destination (route index, or the default) the request built for it and its
/// item count. When every item went to one destination, <see cref="Single"/> names it, and the received request can go
/// on as it is instead.
/// </summary>
internal sealed class RoutedParts<T>(int destinations)
    where T : class, new()
{
    private int _single = -1;
    private bool _mixed;

    public T?[] Parts { get; } = new T?[destinations];

    public int[] Items { get; } = new int[destinations];

    /// <summary>The one destination everything went to; -1 when items went to several (or there were none).</summary>
    public int Single => _mixed ? -1 : _single;

    /// <summary>The request of a destination, created on first use.</summary>
    public T For(int destination) => Parts[destination] ??= new T();

    /// <summary>Records that <paramref name="items"/> items go to <paramref name="destination"/>.</summary>
    public void Note(int destination, int items)
    {
        Items[destination] += items;
        if (_single < 0)
        {
            _single = destination;
        }
        else if (_single != destination)
        {
            _mixed = true;
        }
    }
}
