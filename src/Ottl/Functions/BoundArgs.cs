using MiniCollector.Ottl.Syntax;

namespace MiniCollector.Ottl.Functions;

/// <summary>A call's arguments matched to its parameters, read typed by the function that builds itself from them.</summary>
internal sealed class BoundArgs(FunctionDef function, Arg?[] args, int column)
{
    /// <summary>Where the call starts, for errors the function reports while building.</summary>
    public int Column { get; } = column;

    public bool Has(int i) => args[i] is not null;

    public Expr Value(int i) => args[i]!.Value;

    public PathExpr Path(int i) => (PathExpr)args[i]!.Value;

    public string String(int i) => args[i]!.Value.Constant!.Value.String;

    public string? StringOr(int i, string? fallback) => Has(i) ? String(i) : fallback;

    public long Int(int i) => args[i]!.Value.Constant!.Value.Int;

    public bool BoolOr(int i, bool fallback) => Has(i) ? args[i]!.Value.Constant!.Value.Bool : fallback;

    public string[] StringList(int i) => [.. ((ListExpr)args[i]!.Value).Items.Select(e => e.Constant!.Value.String)];

    public Expr[] ValueList(int i) => ((ListExpr)args[i]!.Value).Items;

    public string? FunctionName(int i) => Has(i) ? ((FunctionNameExpr)args[i]!.Value).Name : null;

    /// <summary>An error about one argument, at its column.</summary>
    public OttlSyntaxException Error(int i, string message)
        => new(args[i]?.Column ?? Column, $"{function.Name}: {function.Params[i].Name} {message}");
}
