namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>The backends at one moment: the ring and, at each ring index, the backend of that endpoint.</summary>
internal sealed record Membership(HashRing Ring, Backend[] Backends)
{
    /// <summary>No backend yet.</summary>
    public static Membership Empty { get; } = new(new HashRing([]), []);
}
