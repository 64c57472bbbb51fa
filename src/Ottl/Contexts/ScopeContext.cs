using MiniCollector.Otlp.Common;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Ottl;

/// <summary>An instrumentation scope and its resource, for the <c>scope</c> context.</summary>
public readonly struct ScopeContext(OtlpResource? resource, InstrumentationScope? scope)
{
    /// <summary>The resource.</summary>
    public OtlpResource? Resource { get; } = resource;

    /// <summary>The instrumentation scope.</summary>
    public InstrumentationScope? Scope { get; } = scope;

    internal EvalContext ToEval() => new() { Resource = Resource, Scope = Scope };
}
