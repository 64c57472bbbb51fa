using System.Runtime.CompilerServices;

namespace MiniCollector.Exposition;

/// <summary>
/// A series' labels as positions in a table of rendered labels (see <see cref="RenderedLabels"/>): each position a
/// LEB128 varint, in label order, so a store that keeps every distinct label once holds a series' labels in a few
/// bytes (one per label while the table has fewer than 128 entries).
/// </summary>
public static class LabelIndexes
{
    /// <summary>Longest encoding of one position.</summary>
    public const int MaxLength = 5;

    /// <summary>Writes <paramref name="index"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(int index, Span<byte> destination) => ProtoWire.PutVarint(destination, (uint)index);

    /// <summary>Reads the position at <paramref name="offset"/> and moves past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Read(ReadOnlySpan<byte> indexes, ref int offset)
    {
        // Read for every label of every series a scrape writes; a table of fewer than 128 labels has one-byte positions.
        var first = indexes[offset];
        if (first < 0x80)
        {
            offset++;
            return first;
        }

        return ReadLonger(indexes, ref offset);
    }

    private static int ReadLonger(ReadOnlySpan<byte> indexes, ref int offset)
    {
        uint value = 0;
        var shift = 0;
        byte b;
        do
        {
            b = indexes[offset++];
            value |= (uint)(b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);

        return (int)value;
    }
}
