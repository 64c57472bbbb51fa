namespace MiniCollector.Ottl;

/// <summary>What a converter computes for one item.</summary>
internal delegate OttlValue ConverterBody(ref EvalContext c);

/// <summary>What an editor does to one item; true when it changed something.</summary>
internal delegate bool EditorBody(ref EvalContext c);

/// <summary>A compiled editor call: the function a statement runs.</summary>
internal sealed class Editor(EditorBody body)
{
    public bool Execute(ref EvalContext c) => body(ref c);
}

/// <summary>A compiled converter call.</summary>
internal sealed class ConverterExpr(ConverterBody body) : Expr
{
    public override OttlValue Eval(ref EvalContext c) => body(ref c);
}
