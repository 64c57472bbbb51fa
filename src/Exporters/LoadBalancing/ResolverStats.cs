namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>A resolver's counts: resolutions by outcome and how many changed the list of backends.</summary>
public sealed class ResolverStats
{
    private long _succeeded;
    private long _failed;
    private long _updates;

    /// <summary>Resolutions that got an answer.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Resolutions that failed (the backends stay as they were).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Resolutions whose answer changed the list of backends.</summary>
    public long Updates => Interlocked.Read(ref _updates);

    /// <summary>Counts a resolution.</summary>
    public void Resolved(bool success) => Interlocked.Increment(ref success ? ref _succeeded : ref _failed);

    /// <summary>Counts a change of the list.</summary>
    public void Updated() => Interlocked.Increment(ref _updates);
}
