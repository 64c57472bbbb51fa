using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Trace;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Ottl;

/// <summary>A span with its scope and resource, for the <c>span</c> context.</summary>
public readonly struct SpanContext(OtlpResource? resource, InstrumentationScope? scope, Span span)
{
    /// <summary>The resource.</summary>
    public OtlpResource? Resource { get; } = resource;

    /// <summary>The instrumentation scope.</summary>
    public InstrumentationScope? Scope { get; } = scope;

    /// <summary>The span.</summary>
    public Span Span { get; } = span;

    internal EvalContext ToEval() => new() { Resource = Resource, Scope = Scope, Span = Span };
}
