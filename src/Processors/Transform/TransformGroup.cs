using MiniCollector.Ottl;

namespace MiniCollector.Processors.Transform;

/// <summary>One group of transform statements: the context they run in, optional group conditions (ORed) and the error mode.</summary>
public sealed record TransformGroup(OttlContextKind Context, IReadOnlyList<string> Statements, IReadOnlyList<string> Conditions, OttlErrorMode ErrorMode);
