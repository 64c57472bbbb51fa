namespace MiniCollector.Exporters.Prometheus.Ingest;

/// <summary>
/// What one resource (its attributes as received) contributes to every series and to <c>target_info</c>, worked out
/// once per distinct resource rather than per request.
/// </summary>
internal sealed class ResourceContext(List<KeyValuePair<string, string>> labels, TargetInfoKey? targetInfo)
{
    /// <summary><c>job</c>, <c>instance</c> and, with resource_to_telemetry_conversion, the resource's attributes.</summary>
    public List<KeyValuePair<string, string>> Labels { get; } = labels;

    /// <summary>The resource's target_info series; null when it has no attribute beyond the service ones.</summary>
    public TargetInfoKey? TargetInfo { get; } = targetInfo;

    /// <summary>The contexts of the scopes seen under this resource, by the scope's bytes and schema URL.</summary>
    public BytesCache<PointContext> Scopes { get; } = new(256);
}

/// <summary>A target_info series rendered once: its identity (job and instance) and its labels.</summary>
internal sealed record TargetInfoKey(byte[] Identity, byte[] LabelText, int[] LabelEnds);

/// <summary>
/// The sender of a run of data points: one resource and one scope. Its <see cref="Number"/> is never given to another
/// context, so a series found by its received bytes (which start with that number) was named by this resource and
/// scope; a context forgotten and met again gets a new number, and its series are found by their labels once more.
/// </summary>
internal sealed class PointContext(ResourceContext resource, List<KeyValuePair<string, string>> scopeLabels, byte[] number)
{
    public ResourceContext Resource { get; } = resource;

    /// <summary>The otel_scope_* labels (none with without_scope_info).</summary>
    public List<KeyValuePair<string, string>> ScopeLabels { get; } = scopeLabels;

    /// <summary>The context's number as a varint: the first bytes of every received key of its points.</summary>
    public byte[] Number { get; } = number;
}
