namespace MiniCollector.Ottl;

/// <summary>The type of an <see cref="OttlValue"/>.</summary>
public enum OttlValueKind
{
    /// <summary>No value (<c>nil</c>, a missing attribute, an empty AnyValue).</summary>
    Nil,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>A 64-bit integer.</summary>
    Int,

    /// <summary>A double.</summary>
    Double,

    /// <summary>A string.</summary>
    String,

    /// <summary>Bytes (also trace and span ids).</summary>
    Bytes,

    /// <summary>A map: an attribute list or a kvlist value.</summary>
    Map,

    /// <summary>A list: an array value.</summary>
    List,
}
