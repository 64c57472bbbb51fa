namespace MiniCollector.Pipeline.Config;

/// <summary>Where a config value came from: a file (or <c>--set</c>) and a line and column in it.</summary>
public readonly record struct SourceLocation(string Source, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
}
