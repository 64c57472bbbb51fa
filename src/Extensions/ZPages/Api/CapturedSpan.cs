using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>A captured span with what surrounds it in its request: resource, service and scope.</summary>
internal sealed record CapturedSpan(Span Span, Resource? Resource, string Service, InstrumentationScope? Scope, string TraceId, string SpanId, string ParentSpanId)
{
    /// <summary>True when the span's status is an error.</summary>
    public bool IsError => Span.Status?.Code == Status.Types.StatusCode.Error;

    /// <summary>Nanoseconds the span lasted (0 when its end is missing or before its start).</summary>
    public long DurationNanos => Span.EndTimeUnixNano > Span.StartTimeUnixNano ? (long)(Span.EndTimeUnixNano - Span.StartTimeUnixNano) : 0;
}
