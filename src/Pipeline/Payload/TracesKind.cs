using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Otlp.Json;
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
    public override string Name => "traces";

    /// <inheritdoc />
    public override string ItemNoun => "spans";

    /// <inheritdoc />
    public override string TelemetrySuffix => "spans";

    /// <inheritdoc />
    public override string TelemetryUnit => "{spans}";

    /// <inheritdoc />
    public override string GrpcService => "opentelemetry.proto.collector.trace.v1.TraceService";

    private protected override IMessage NewResponse() => new ExportTraceServiceResponse();

    private protected override IMessage NewResponse(long rejected, string message)
        => new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = message } };

    private protected override (long Rejected, string Message) ReadResponse(ReadOnlySpan<byte> body, bool json)
        => (json ? OtlpJsonReader.ReadTraceResponse(body) : ExportTraceServiceResponse.Parser.ParseFrom(body)).PartialSuccess is { } partial
            ? (partial.RejectedSpans, partial.ErrorMessage)
            : (0, string.Empty);

    /// <inheritdoc />
    public override MessageParser<ExportTraceServiceRequest> Parser => ExportTraceServiceRequest.Parser;

    private protected override RequestTree Tree => TreeInstance;

    /// <inheritdoc />
    public override ExportTraceServiceRequest ReadJson(ReadOnlySpan<byte> utf8Json) => OtlpJsonReader.ReadTraces(utf8Json);

    /// <inheritdoc />
    public override (long Rejected, string? Reason) DropInvalidIds(ExportTraceServiceRequest request)
    {
        long rejected = 0;
        string? reason = null;
        foreach (var resource in request.ResourceSpans)
        {
            foreach (var scope in resource.ScopeSpans)
            {
                rejected += InvalidIdFilter.KeepValid(scope.Spans, SpanProblem, ref reason);
            }
        }

        return (rejected, InvalidIdFilter.Summary(rejected, ItemNoun, reason));
    }

    private static string? SpanProblem(Span span)
    {
        var problem = IdRules.SpanTraceId.Problem(span.TraceId)
            ?? IdRules.SpanSpanId.Problem(span.SpanId)
            ?? IdRules.SpanParentSpanId.Problem(span.ParentSpanId);
        for (int l = 0; problem is null && l < span.Links.Count; l++)
        {
            problem = IdRules.LinkTraceId.Problem(span.Links[l].TraceId) ?? IdRules.LinkSpanId.Problem(span.Links[l].SpanId);
        }

        return problem is null ? null : $"span \"{span.Name}\": {problem}";
    }
}
