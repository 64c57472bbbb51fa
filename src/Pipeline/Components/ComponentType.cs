using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>What a factory says of its component type: the name configs use, its signals, stability and older names.</summary>
/// <param name="Name">The type name written in configs (<c>otlp</c>, <c>batch</c>, <c>debug</c>).</param>
/// <param name="Signals">The signals the component handles; empty for extensions.</param>
public sealed record ComponentType(string Name, IReadOnlyList<Signal> Signals)
{
    /// <summary>Stability, as the reference collector labels it.</summary>
    public string Stability { get; init; } = "beta";

    /// <summary>Older type names that mean the same component; accepted with a notice.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
