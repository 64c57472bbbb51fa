namespace MiniCollector.Ottl.Functions;

/// <summary>An argument as written: its name when given as <c>name = value</c>, its value and where it starts.</summary>
internal sealed record Arg(string? Name, Expr Value, int Column);

/// <summary>A bare converter name written as an argument (<c>SHA256</c> in <c>replace_pattern(..., SHA256)</c>).</summary>
internal sealed class FunctionNameExpr(string name) : Expr
{
    public string Name { get; } = name;

    public override OttlValue Eval(ref EvalContext c) => throw new OttlRuntimeException($"{Name} is a function name, not a value");
}
