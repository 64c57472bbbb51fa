namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// A series as an update names it: its labels, each rendered (see <see cref="Pipeline.Exposition.RenderedLabels"/>)
/// and laid end to end in <see cref="LabelText"/>, and what identifies it within its family. Almost every series is
/// identified by its labels; target_info is identified by job and instance alone (<see cref="Identity"/>), so its other
/// labels can change without making a new series.
/// </summary>
internal readonly ref struct SeriesKey
{
    /// <summary>A series identified by its labels; label i ends at <c>labelEnds[i]</c> in <paramref name="labelText"/>.</summary>
    public SeriesKey(ReadOnlySpan<byte> labelText, ReadOnlySpan<int> labelEnds)
    {
        LabelText = labelText;
        LabelEnds = labelEnds;
    }

    /// <summary>A series identified by <paramref name="identity"/>, whose labels are the latest given.</summary>
    public SeriesKey(ReadOnlySpan<byte> identity, ReadOnlySpan<byte> labelText, ReadOnlySpan<int> labelEnds)
        : this(labelText, labelEnds)
    {
        Identity = identity;
        IdentifiedApart = true;
    }

    public ReadOnlySpan<byte> LabelText { get; }

    public ReadOnlySpan<int> LabelEnds { get; }

    public ReadOnlySpan<byte> Identity { get; }

    public bool IdentifiedApart { get; }

    public int LabelCount => LabelEnds.Length;

    public ReadOnlySpan<byte> Label(int index) => LabelText[(index == 0 ? 0 : LabelEnds[index - 1])..LabelEnds[index]];
}
