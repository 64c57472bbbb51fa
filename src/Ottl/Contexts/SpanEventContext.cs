using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Trace;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Ottl;

/// <summary>A span event with its span, scope and resource, for the <c>spanevent</c> context.</summary>
public readonly struct SpanEventContext(OtlpResource? resource, InstrumentationScope? scope, Span span, Span.Types.Event spanEvent)
{
    /// <summary>The resource.</summary>
    public OtlpResource? Resource { get; } = resource;

    /// <summary>The instrumentation scope.</summary>
    public InstrumentationScope? Scope { get; } = scope;

    /// <summary>The span the event belongs to.</summary>
    public Span Span { get; } = span;

    /// <summary>The event.</summary>
    public Span.Types.Event Event { get; } = spanEvent;

    internal EvalContext ToEval() => new() { Resource = Resource, Scope = Scope, Span = Span, Event = Event };
}
