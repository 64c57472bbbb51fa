namespace MiniCollector.Ottl;

/// <summary><c>true</c> or <c>false</c>.</summary>
internal sealed class ConstBool(bool value) : BoolExpr
{
    public override bool Eval(ref EvalContext c) => value;
}

/// <summary><c>not</c>.</summary>
internal sealed class NotExpr(BoolExpr inner) : BoolExpr
{
    public override bool Eval(ref EvalContext c) => !inner.Eval(ref c);
}

/// <summary><c>and</c>, short-circuit.</summary>
internal sealed class AndExpr(BoolExpr left, BoolExpr right) : BoolExpr
{
    public override bool Eval(ref EvalContext c) => left.Eval(ref c) && right.Eval(ref c);
}

/// <summary><c>or</c>, short-circuit.</summary>
internal sealed class OrExpr(BoolExpr left, BoolExpr right) : BoolExpr
{
    public override bool Eval(ref EvalContext c) => left.Eval(ref c) || right.Eval(ref c);
}

/// <summary>A comparison of two values.</summary>
internal sealed class CompareExpr(OttlCompare.Op op, Expr left, Expr right) : BoolExpr
{
    public override bool Eval(ref EvalContext c)
    {
        var l = left.Eval(ref c);
        var r = right.Eval(ref c);
        return OttlCompare.Apply(op, l, r);
    }
}

/// <summary>A converter used as a boolean (<c>IsMatch(name, "x")</c>); any other result is an error.</summary>
internal sealed class ValueBool(Expr value) : BoolExpr
{
    public override bool Eval(ref EvalContext c)
    {
        var v = value.Eval(ref c);
        return v.Kind == OttlValueKind.Bool
            ? v.Bool
            : throw new OttlRuntimeException($"{value.Text} returned {OttlValue.TypeName(v.Kind)}, not a bool");
    }
}
