using System.Runtime.CompilerServices;

namespace MiniCollector.Exposition;

/// <summary>
/// One series as the writers read it, without a heap object of its own: what <see cref="MetricPoint"/> holds, with the
/// labels either as pairs or as positions in a table of labels rendered once (see <see cref="LabelIndexes"/>), so a
/// store that keeps its series compactly can be written without building a point per series per scrape.
/// </summary>
public readonly struct ExpositionPoint
{
    private readonly IReadOnlyList<KeyValuePair<string, string>>? _pairs;
    private readonly byte[][]? _labelTable;
    private readonly byte[]? _labelIndexes;

    /// <summary>The point of a <see cref="MetricPoint"/>.</summary>
    public ExpositionPoint(MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        _pairs = point.Labels;
        Value = point.Value;
        TimestampMs = point.TimestampMs;
        CreatedSeconds = point.CreatedSeconds;
        Exemplar = point.Exemplar;
        Histogram = point.Histogram;
        Summary = point.Summary;
    }

    /// <summary>
    /// A point whose labels are the <see cref="RenderedLabels"/> texts of <paramref name="labelTable"/> at
    /// <paramref name="labelIndexes"/> (see <see cref="LabelIndexes"/>); the other members as in <see cref="MetricPoint"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ExpositionPoint(
        byte[][] labelTable,
        byte[] labelIndexes,
        double value,
        long? timestampMs = null,
        double? createdSeconds = null,
        Exemplar? exemplar = null,
        HistogramValue? histogram = null,
        SummaryValue? summary = null)
    {
        ArgumentNullException.ThrowIfNull(labelTable);
        ArgumentNullException.ThrowIfNull(labelIndexes);
        _labelTable = labelTable;
        _labelIndexes = labelIndexes;
        Value = value;
        TimestampMs = timestampMs;
        CreatedSeconds = createdSeconds;
        Exemplar = exemplar;
        Histogram = histogram;
        Summary = summary;
    }

    public double Value { get; }

    public long? TimestampMs { get; }

    public double? CreatedSeconds { get; }

    public Exemplar? Exemplar { get; }

    public HistogramValue? Histogram { get; }

    public SummaryValue? Summary { get; }

    /// <summary>
    /// Where the protobuf writer keeps what it learns of the labels of <see cref="LabelTable"/> between series and
    /// scrapes; without one it takes each label apart every time it reads it. Unused by the text formats.
    /// </summary>
    public ProtobufLabelCache? LabelCache { get; init; }

    /// <summary>The labels as pairs, or null when they are <see cref="LabelTable"/> entries.</summary>
    internal IReadOnlyList<KeyValuePair<string, string>>? LabelPairs => _pairs;

    /// <summary>The table of rendered labels <see cref="LabelIndexes"/> points into, or null when the labels are <see cref="LabelPairs"/>.</summary>
    internal byte[][]? LabelTable => _labelTable;

    /// <summary>The labels' positions in <see cref="LabelTable"/>, as <see cref="Exposition.LabelIndexes"/> encodes them.</summary>
    internal byte[]? LabelIndexes => _labelIndexes;
}
