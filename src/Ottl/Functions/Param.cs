namespace MiniCollector.Ottl.Functions;

/// <summary>One parameter of a function: its name (for named arguments), kind and whether it may be left out.</summary>
internal readonly record struct Param(string Name, ParamKind Kind, bool Optional = false)
{
    public override string ToString() => Optional ? $"Optional[{Name}]" : Name;

    /// <summary>What the argument must be, for messages.</summary>
    public string Expected => Kind switch
    {
        ParamKind.Path => "a path (such as attributes[\"key\"])",
        ParamKind.String => "a string literal",
        ParamKind.Int => "an int literal",
        ParamKind.Bool => "true or false",
        ParamKind.StringList => "a list of string literals",
        ParamKind.ValueList => "a list ([...])",
        ParamKind.Function => "the name of a converter such as SHA256",
        _ => "a value",
    };
}
