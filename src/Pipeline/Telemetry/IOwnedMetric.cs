namespace MiniCollector.Pipeline.Telemetry;

/// <summary>A self-metric whose series readers can be removed by the component that registered them.</summary>
internal interface IOwnedMetric
{
    /// <summary>Removes the readers <paramref name="owner"/> registered.</summary>
    void Release(object owner);
}
