using Microsoft.Extensions.Logging;
using MiniCollector.Ottl.Syntax;

namespace MiniCollector.Ottl;

/// <summary>
/// Compiles OTTL statements and conditions for a context. Every problem is reported, each with the index of the
/// text it is in, the 1-based column and what was expected; nothing that does not compile is dropped silently.
/// </summary>
public static class OttlParser
{
    /// <summary>Compiles conditions (ORed); null when any has an error (all errors are added to <paramref name="errors"/>).</summary>
    public static OttlConditions? ParseConditions(IReadOnlyList<string> conditions, OttlContextKind context, List<OttlError> errors, OttlErrorMode mode = OttlErrorMode.Propagate, ILogger? logger = null)
    {
        int before = errors.Count;
        var compiled = new BoolExpr[conditions.Count];
        for (int i = 0; i < conditions.Count; i++)
        {
            try
            {
                compiled[i] = Parser.ParseCondition(conditions[i], context);
            }
            catch (OttlSyntaxException ex)
            {
                errors.Add(new OttlError(i, conditions[i], ex.Column, ex.Message));
            }
        }

        return errors.Count > before ? null : new OttlConditions(context, compiled, [.. conditions], mode, logger);
    }

    /// <summary>
    /// Compiles statements run in order, with optional group <paramref name="conditions"/> (errors in those are
    /// reported with indexes after the statements'); null when anything has an error.
    /// </summary>
    public static OttlStatements? ParseStatements(IReadOnlyList<string> statements, OttlContextKind context, List<OttlError> errors, OttlErrorMode mode = OttlErrorMode.Propagate, ILogger? logger = null, IReadOnlyList<string>? conditions = null)
    {
        int before = errors.Count;
        var compiled = new (Editor, BoolExpr?)[statements.Count];
        for (int i = 0; i < statements.Count; i++)
        {
            try
            {
                compiled[i] = Parser.ParseStatement(statements[i], context);
            }
            catch (OttlSyntaxException ex)
            {
                errors.Add(new OttlError(i, statements[i], ex.Column, ex.Message));
            }
        }

        var groupErrors = new List<OttlError>();
        var group = conditions is { Count: > 0 } ? ParseConditions(conditions, context, groupErrors, mode, logger) : null;
        foreach (var error in groupErrors)
        {
            errors.Add(error with { Index = statements.Count + error.Index });
        }

        return errors.Count > before ? null : new OttlStatements(context, compiled, [.. statements], group, mode, logger);
    }

    /// <summary>
    /// The context statements run in when none is written, from their path prefixes as the reference infers it: the
    /// lowest context any path names (<c>datapoint.attributes</c> with <c>metric.name</c> runs per data point).
    /// Null with <paramref name="error"/> when no path has a prefix, when prefixes name contexts on different branches,
    /// or when the context is not one of <paramref name="allowed"/>.
    /// </summary>
    public static OttlContextKind? InferContext(IEnumerable<string> texts, IReadOnlyList<OttlContextKind> allowed, out string? error)
    {
        OttlContextKind? lowest = null;
        foreach (var text in texts)
        {
            List<Token> tokens;
            try
            {
                tokens = Lexer.Tokenize(text);
            }
            catch (OttlSyntaxException)
            {
                continue;
            }

            for (int i = 0; i + 1 < tokens.Count; i++)
            {
                var token = tokens[i];
                bool startsPath = token.Kind == TokenKind.Ident && tokens[i + 1].Kind == TokenKind.Dot && (i == 0 || tokens[i - 1].Kind != TokenKind.Dot);
                if (!startsPath || !OttlContexts.TryParse(token.Text, out var named))
                {
                    continue;
                }

                if (lowest is null || named.IsWithin(lowest.Value))
                {
                    lowest = named;
                }
                else if (!lowest.Value.IsWithin(named))
                {
                    error = $"paths name both the {lowest.Value.Name()} and the {named.Name()} context, which no single context sees: put them in separate groups with their own \"context\"";
                    return null;
                }
            }
        }

        var names = string.Join(", ", allowed.Select(k => k.Name()));
        if (lowest is not { } inferred)
        {
            error = $"cannot tell which context the statements run in: start paths with the context ({names}), e.g. span.attributes[\"key\"], or give the group a \"context\"";
            return null;
        }

        if (!allowed.Contains(inferred))
        {
            error = $"paths use the {inferred.Name()} context, which is not available here (valid: {names})";
            return null;
        }

        error = null;
        return inferred;
    }
}
