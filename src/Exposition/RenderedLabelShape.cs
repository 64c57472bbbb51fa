using static MiniCollector.Exposition.ProtoWire;

namespace MiniCollector.Exposition;

/// <summary>
/// A rendered label (see <see cref="RenderedLabels"/>) as the protobuf writer encodes it, a <c>LabelPair</c> of its name
/// and its unescaped value: where the name ends, how long the value is once unescaped, and the message's size.
/// </summary>
internal readonly struct RenderedLabelShape
{
    private RenderedLabelShape(int nameLength, int valueLength, bool escaped)
    {
        NameLength = nameLength;
        ValueLength = valueLength;
        Escaped = escaped;

        // LabelPair: name = 1, value = 2.
        PairSize = TagSize(1) + VarintSize((ulong)nameLength) + nameLength + TagSize(2) + VarintSize((ulong)valueLength) + valueLength;
    }

    /// <summary>Bytes of the name, which starts the text.</summary>
    public int NameLength { get; }

    /// <summary>Bytes of the value once unescaped.</summary>
    public int ValueLength { get; }

    /// <summary>Whether the value as written holds escape sequences, so it must be unescaped rather than copied.</summary>
    public bool Escaped { get; }

    /// <summary>Size of the LabelPair message.</summary>
    public int PairSize { get; }

    public static RenderedLabelShape Of(ReadOnlySpan<byte> label)
    {
        RenderedLabels.Split(label, out var name, out var escapedValue);
        var valueLength = RenderedLabels.UnescapedLength(escapedValue);
        return new RenderedLabelShape(name.Length, valueLength, valueLength != escapedValue.Length);
    }

    /// <summary>The value of <paramref name="label"/> as written, still escaped when <see cref="Escaped"/>.</summary>
    public ReadOnlySpan<byte> WrittenValue(ReadOnlySpan<byte> label) => label[(NameLength + 2)..^1];
}
