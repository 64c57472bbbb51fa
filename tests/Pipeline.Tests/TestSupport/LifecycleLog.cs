namespace MiniCollector.Pipeline.Tests.TestSupport;

/// <summary>A thread-safe list of lifecycle events ("start exporter/testexp"), shared by test components.</summary>
public sealed class LifecycleLog
{
    private readonly Lock _lock = new();
    private readonly List<string> _events = [];

    public void Add(string entry)
    {
        lock (_lock)
        {
            _events.Add(entry);
        }
    }

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<string> Starts => [.. Events.Where(e => e.StartsWith("start ", StringComparison.Ordinal)).Select(e => e["start ".Length..])];

    public IReadOnlyList<string> Stops => [.. Events.Where(e => e.StartsWith("stop ", StringComparison.Ordinal)).Select(e => e["stop ".Length..])];
}
