namespace MiniCollector.Ottl.Functions;

/// <summary>What an argument must be.</summary>
internal enum ParamKind
{
    /// <summary>A path the function writes to (<c>set</c>'s target).</summary>
    Path,

    /// <summary>Any value: literal, path, converter, list, map, arithmetic.</summary>
    Value,

    /// <summary>A string literal (patterns, keys, modes: fixed when the config loads).</summary>
    String,

    /// <summary>An int literal.</summary>
    Int,

    /// <summary>A bool literal.</summary>
    Bool,

    /// <summary>A list of string literals.</summary>
    StringList,

    /// <summary>A list of values, each evaluated per item.</summary>
    ValueList,

    /// <summary>The name of a converter taking one string (<c>SHA256</c>), applied to replacements.</summary>
    Function,
}
