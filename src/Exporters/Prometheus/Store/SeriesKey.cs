namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// A series as an update names it: its identity within the family and its labels, both as rendered label text. For
/// almost every series the two are the same bytes; target_info is identified by job and instance alone, so its other
/// labels can change without making a new series.
/// </summary>
internal readonly ref struct SeriesKey
{
    /// <summary>A series identified by its labels.</summary>
    public SeriesKey(ReadOnlySpan<byte> labels)
    {
        Identity = labels;
        Labels = labels;
        LabelsAreIdentity = true;
    }

    /// <summary>A series identified by <paramref name="identity"/>, whose labels are the latest given.</summary>
    public SeriesKey(ReadOnlySpan<byte> identity, ReadOnlySpan<byte> labels)
    {
        Identity = identity;
        Labels = labels;
        LabelsAreIdentity = false;
    }

    public ReadOnlySpan<byte> Identity { get; }

    public ReadOnlySpan<byte> Labels { get; }

    public bool LabelsAreIdentity { get; }
}
