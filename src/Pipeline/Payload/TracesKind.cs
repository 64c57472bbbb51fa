using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Payload;

/// <summary>The traces strategy: <c>ExportTraceServiceRequest</c> → ResourceSpans → ScopeSpans → Span.</summary>
public sealed class TracesKind : SignalKind<ExportTraceServiceRequest>
{
    /// <summary>The single instance.</summary>
    public static readonly TracesKind Instance = new();

    private static readonly RequestTree TreeInstance = new(
        [
            new TreeLevel(m => ((ExportTraceServiceRequest)m).ResourceSpans, _ => new ExportTraceServiceRequest()),
            new TreeLevel(
                m => ((ResourceSpans)m).ScopeSpans,
                m => new ResourceSpans { Resource = ((ResourceSpans)m).Resource, SchemaUrl = ((ResourceSpans)m).SchemaUrl }),
            new TreeLevel(
                m => ((ScopeSpans)m).Spans,
                m => new ScopeSpans { Scope = ((ScopeSpans)m).Scope, SchemaUrl = ((ScopeSpans)m).SchemaUrl }),
        ],
        [1, 2, 2]);

    private TracesKind()
    {
    }

    /// <inheritdoc />
    public override Signal Signal => Signal.Traces;

    /// <inheritdoc />
    public override MessageParser<ExportTraceServiceRequest> Parser => ExportTraceServiceRequest.Parser;

    private protected override RequestTree Tree => TreeInstance;
}
