namespace MiniCollector.Ottl;

/// <summary>Reads a field of the item being evaluated.</summary>
internal delegate OttlValue FieldGetter(ref EvalContext c);

/// <summary>Writes a field of the item being evaluated; true when its value changed. Throws on a value of the wrong type.</summary>
internal delegate bool FieldSetter(ref EvalContext c, in OttlValue value);

/// <summary>
/// One path of a context (<c>name</c>, <c>status.code</c>, <c>attributes</c>): how to read it, how to write it (null
/// when it is read-only) and whether it takes keys (<c>attributes["k"]</c>).
/// </summary>
internal sealed class Field(string name, string type, FieldGetter get, FieldSetter? set, bool takesKeys = false)
{
    /// <summary>The path as written after the context prefix.</summary>
    public string Name { get; } = name;

    /// <summary>The value type, for the README-style listing in errors.</summary>
    public string Type { get; } = type;

    public FieldGetter Get { get; } = get;

    public FieldSetter? Set { get; } = set;

    /// <summary>True for maps and values that may hold maps or lists (<c>attributes</c>, <c>body</c>, <c>cache</c>).</summary>
    public bool TakesKeys { get; } = takesKeys;
}
