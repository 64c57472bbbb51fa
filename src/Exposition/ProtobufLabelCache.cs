using System.Runtime.CompilerServices;

namespace MiniCollector.Exposition;

/// <summary>
/// The protobuf encoding of each rendered label of a label table (see <see cref="RenderedLabelField"/>), made the first
/// time a protobuf scrape writes the label and kept by its table index for as long as the table holds the same text
/// there. A protobuf scrape reads every label of every series three times (the family's size, each series' size, its
/// bytes); with the cache each distinct label is taken apart and unescaped once, and is then a length to add and bytes
/// to copy. Give it to the points with <see cref="ExpositionPoint.LabelCache"/>. Not thread-safe: one scrape at a time.
/// </summary>
/// <remarks>
/// An entry keeps the text it was made from, so a label that took a freed index later is told apart by reference (label
/// texts are never changed in place). The texts stay reachable from here until their index is taken again: the cache
/// holds at most one entry per index the table has handed out, about the size of the texts themselves.
/// </remarks>
public sealed class ProtobufLabelCache
{
    private Entry[] _entries = [];

    /// <summary>The encoded field of the label at <paramref name="index"/> of <paramref name="table"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal byte[] Field(byte[][] table, int index)
    {
        var text = table[index];
        var entries = _entries;
        if ((uint)index < (uint)entries.Length && ReferenceEquals(entries[index].Text, text))
        {
            return entries[index].Field;
        }

        return Add(text, index);
    }

    private byte[] Add(byte[] text, int index)
    {
        if (index >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(index + 1, _entries.Length * 2));
        }

        var field = new byte[RenderedLabelField.Size(text)];
        RenderedLabelField.Encode(text, field);
        _entries[index] = new Entry(text, field);
        return field;
    }

    private readonly record struct Entry(byte[]? Text, byte[] Field);
}
