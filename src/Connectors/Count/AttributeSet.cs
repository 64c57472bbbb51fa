using MiniCollector.Otlp.Common;

namespace MiniCollector.Connectors.Count;

/// <summary>
/// The attribute values of one count data point, compared by value. Lookups pass a scratch array; only a set seen for
/// the first time is copied into the dictionary, so counting an item allocates nothing.
/// </summary>
internal readonly struct AttributeSet(AnyValue?[] values, int count) : IEquatable<AttributeSet>
{
    public ReadOnlySpan<AnyValue?> Values => values.AsSpan(0, count);

    /// <summary>
    /// A copy that owns its array and its values, to keep as a dictionary key: the values end up in the count
    /// metrics, which a downstream processor may change while another pipeline still reads the counted items.
    /// </summary>
    public AttributeSet Copy()
    {
        var copy = new AnyValue?[count];
        for (int i = 0; i < count; i++)
        {
            copy[i] = values[i]?.Clone();
        }

        return new(copy, count);
    }

    public bool Equals(AttributeSet other)
    {
        var mine = Values;
        var theirs = other.Values;
        if (mine.Length != theirs.Length)
        {
            return false;
        }

        for (int i = 0; i < mine.Length; i++)
        {
            if (!Equals(mine[i], theirs[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is AttributeSet other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
