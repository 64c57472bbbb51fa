using Microsoft.Extensions.Logging;

namespace MiniCollector.Ottl;

/// <summary>
/// A compiled group of statements of one context, run in order on each item, with the group's optional conditions
/// (ORed; when none holds, no statement runs). A failing statement is skipped under <c>ignore</c>/<c>silent</c> and
/// throws <see cref="OttlRuntimeException"/> under <c>propagate</c>. <c>Execute</c> returns true when any statement
/// changed the item, so callers keep the received bytes of requests nothing changed.
/// </summary>
public sealed class OttlStatements
{
    private readonly (Editor Editor, BoolExpr? Where)[] _statements;
    private readonly string[] _texts;
    private readonly OttlConditions? _conditions;
    private readonly ErrorReporter _errors;

    internal OttlStatements(OttlContextKind context, (Editor, BoolExpr?)[] statements, string[] texts, OttlConditions? conditions, OttlErrorMode mode, ILogger? logger)
    {
        Context = context;
        _statements = statements;
        _texts = texts;
        _conditions = conditions is { Count: > 0 } ? conditions : null;
        _errors = new ErrorReporter(mode, logger);
    }

    /// <summary>The context the statements run in.</summary>
    public OttlContextKind Context { get; }

    /// <summary>The statements as written.</summary>
    public IReadOnlyList<string> Texts => _texts;

    public bool Execute(in ResourceContext item) => Execute(OttlContextKind.Resource, item.ToEval());

    public bool Execute(in ScopeContext item) => Execute(OttlContextKind.Scope, item.ToEval());

    public bool Execute(in SpanContext item) => Execute(OttlContextKind.Span, item.ToEval());

    public bool Execute(in SpanEventContext item) => Execute(OttlContextKind.SpanEvent, item.ToEval());

    public bool Execute(in MetricContext item) => Execute(OttlContextKind.Metric, item.ToEval());

    public bool Execute(in DataPointContext item) => Execute(OttlContextKind.DataPoint, item.ToEval());

    public bool Execute(in LogContext item) => Execute(OttlContextKind.Log, item.ToEval());

    private bool Execute(OttlContextKind kind, EvalContext c)
    {
        if (kind != Context)
        {
            throw new InvalidOperationException($"These statements were compiled for the {Context.Name()} context, not {kind.Name()}.");
        }

        if (_conditions is not null && !_conditions.Matches(ref c))
        {
            return false;
        }

        bool changed = false;
        for (int i = 0; i < _statements.Length; i++)
        {
            var (editor, where) = _statements[i];
            try
            {
                if (where is null || where.Eval(ref c))
                {
                    changed |= editor.Execute(ref c);
                }
            }
            catch (OttlRuntimeException ex)
            {
                _errors.Failed(_texts[i], ex);
            }
        }

        return changed;
    }
}
