namespace MiniCollector.Ottl;

/// <summary>
/// A statement or condition that does not compile: which one (its index in the list given), where in its text
/// (1-based column) and what was wrong.
/// </summary>
public sealed record OttlError(int Index, string Text, int Column, string Message)
{
    /// <summary>The error as configs report it: <c>column 12: expected ")" but found "where"</c>.</summary>
    public override string ToString() => Column > 0 ? $"column {Column}: {Message}" : Message;
}
