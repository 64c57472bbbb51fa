namespace MiniCollector.Exposition;

/// <summary>
/// The <see cref="RenderedLabelShape"/> of each rendered label of a label table, found the first time a protobuf scrape
/// writes the label and kept by its table index for as long as the table holds the same text there. A protobuf scrape
/// reads every label of every series twice (sizes, then bytes); with the cache, each distinct label is taken apart and
/// its escapes counted once, not once per series and pass. Give it to the points with
/// <see cref="ExpositionPoint.LabelCache"/>. Not thread-safe: one scrape at a time may use it.
/// </summary>
/// <remarks>
/// An entry keeps the text it was made from, so a label that took a freed index later is told apart by reference (label
/// texts are never changed in place). The texts stay reachable from here until their index is taken again: the cache
/// holds at most one entry per index the table has handed out.
/// </remarks>
public sealed class ProtobufLabelCache
{
    private Entry[] _entries = [];

    /// <summary>The shape of the label at <paramref name="index"/> of <paramref name="table"/>.</summary>
    internal RenderedLabelShape Shape(byte[][] table, int index)
    {
        var text = table[index];
        var entries = _entries;
        if ((uint)index < (uint)entries.Length && ReferenceEquals(entries[index].Text, text))
        {
            return entries[index].Shape;
        }

        return Add(text, index);
    }

    private RenderedLabelShape Add(byte[] text, int index)
    {
        if (index >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(index + 1, _entries.Length * 2));
        }

        var shape = RenderedLabelShape.Of(text);
        _entries[index] = new Entry(text, shape);
        return shape;
    }

    private readonly record struct Entry(byte[]? Text, RenderedLabelShape Shape);
}
