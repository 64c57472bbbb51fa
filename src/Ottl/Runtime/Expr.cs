namespace MiniCollector.Ottl;

/// <summary>A compiled value expression: a literal, path, converter call, list, map or arithmetic.</summary>
internal abstract class Expr
{
    /// <summary>Where the expression starts in its statement (1-based), for messages.</summary>
    public int Column { get; init; }

    /// <summary>The expression as written, for messages.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The value for one item.</summary>
    public abstract OttlValue Eval(ref EvalContext c);

    /// <summary>The value when it is known at parse time (literals), for arguments that must be constants.</summary>
    public virtual OttlValue? Constant => null;
}

/// <summary>A compiled boolean expression: a comparison, <c>and</c>/<c>or</c>/<c>not</c>, a boolean literal or converter.</summary>
internal abstract class BoolExpr
{
    /// <summary>The result for one item.</summary>
    public abstract bool Eval(ref EvalContext c);
}
