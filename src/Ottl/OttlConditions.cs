using Microsoft.Extensions.Logging;

namespace MiniCollector.Ottl;

/// <summary>
/// Compiled conditions of one context, ORed: an item matches when any condition is true. A condition that fails
/// on an item (a function given a value it cannot use) counts as false under <c>ignore</c>/<c>silent</c> and throws
/// <see cref="OttlRuntimeException"/> under <c>propagate</c>.
/// </summary>
public sealed class OttlConditions
{
    private readonly BoolExpr[] _conditions;
    private readonly string[] _texts;
    private readonly ErrorReporter _errors;

    internal OttlConditions(OttlContextKind context, BoolExpr[] conditions, string[] texts, OttlErrorMode mode, ILogger? logger)
    {
        Context = context;
        _conditions = conditions;
        _texts = texts;
        _errors = new ErrorReporter(mode, logger);
    }

    /// <summary>The context the conditions were compiled for.</summary>
    public OttlContextKind Context { get; }

    /// <summary>How many conditions there are; none never matches.</summary>
    public int Count => _conditions.Length;

    /// <summary>The conditions as written.</summary>
    public IReadOnlyList<string> Texts => _texts;

    public bool Matches(in ResourceContext item) => Matches(OttlContextKind.Resource, item.ToEval());

    public bool Matches(in ScopeContext item) => Matches(OttlContextKind.Scope, item.ToEval());

    public bool Matches(in SpanContext item) => Matches(OttlContextKind.Span, item.ToEval());

    public bool Matches(in SpanEventContext item) => Matches(OttlContextKind.SpanEvent, item.ToEval());

    public bool Matches(in MetricContext item) => Matches(OttlContextKind.Metric, item.ToEval());

    public bool Matches(in DataPointContext item) => Matches(OttlContextKind.DataPoint, item.ToEval());

    public bool Matches(in LogContext item) => Matches(OttlContextKind.Log, item.ToEval());

    internal bool Matches(ref EvalContext c)
    {
        for (int i = 0; i < _conditions.Length; i++)
        {
            try
            {
                if (_conditions[i].Eval(ref c))
                {
                    return true;
                }
            }
            catch (OttlRuntimeException ex)
            {
                _errors.Failed(_texts[i], ex);
            }
        }

        return false;
    }

    private bool Matches(OttlContextKind kind, EvalContext c)
    {
        if (kind != Context)
        {
            throw new InvalidOperationException($"These conditions were compiled for the {Context.Name()} context, not {kind.Name()}.");
        }

        return Matches(ref c);
    }
}
