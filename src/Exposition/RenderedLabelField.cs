using static MiniCollector.Exposition.ProtoWire;

namespace MiniCollector.Exposition;

/// <summary>
/// A rendered label (see <see cref="RenderedLabels"/>) as the protobuf writer encodes it: a Metric's <c>label</c> field
/// (number 1), a <c>LabelPair</c> of the name and the unescaped value, with its tag and length.
/// </summary>
internal static class RenderedLabelField
{
    /// <summary>Bytes of the field, tag and length included.</summary>
    public static int Size(ReadOnlySpan<byte> label)
    {
        RenderedLabels.Split(label, out var name, out var escapedValue);
        return MessageFieldSize(1, PairSize(name.Length, RenderedLabels.UnescapedLength(escapedValue)));
    }

    /// <summary>Encodes the field at the start of <paramref name="destination"/> (at least <see cref="Size"/> bytes); returns its size.</summary>
    public static int Encode(ReadOnlySpan<byte> label, Span<byte> destination)
    {
        RenderedLabels.Split(label, out var name, out var escapedValue);
        var valueLength = RenderedLabels.UnescapedLength(escapedValue);

        // LabelPair: name = 1, value = 2.
        var n = PutTag(destination, 1, LengthDelimited);
        n += PutVarint(destination[n..], (ulong)PairSize(name.Length, valueLength));
        n += PutTag(destination[n..], 1, LengthDelimited);
        n += PutVarint(destination[n..], (ulong)name.Length);
        name.CopyTo(destination[n..]);
        n += name.Length;
        n += PutTag(destination[n..], 2, LengthDelimited);
        n += PutVarint(destination[n..], (ulong)valueLength);
        return n + RenderedLabels.Unescape(escapedValue, destination[n..]);
    }

    private static int PairSize(int nameLength, int valueLength) =>
        TagSize(1) + VarintSize((ulong)nameLength) + nameLength + TagSize(2) + VarintSize((ulong)valueLength) + valueLength;
}
