using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Logs;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Payload;

/// <summary>The logs strategy: <c>ExportLogsServiceRequest</c> → ResourceLogs → ScopeLogs → LogRecord.</summary>
public sealed class LogsKind : SignalKind<ExportLogsServiceRequest>
{
    /// <summary>The single instance.</summary>
    public static readonly LogsKind Instance = new();

    private static readonly RequestTree TreeInstance = new(
        [
            new TreeLevel(m => ((ExportLogsServiceRequest)m).ResourceLogs, _ => new ExportLogsServiceRequest()),
            new TreeLevel(
                m => ((ResourceLogs)m).ScopeLogs,
                m => new ResourceLogs { Resource = ((ResourceLogs)m).Resource, SchemaUrl = ((ResourceLogs)m).SchemaUrl }),
            new TreeLevel(
                m => ((ScopeLogs)m).LogRecords,
                m => new ScopeLogs { Scope = ((ScopeLogs)m).Scope, SchemaUrl = ((ScopeLogs)m).SchemaUrl }),
        ],
        [1, 2, 2]);

    private LogsKind()
    {
    }

    /// <inheritdoc />
    public override Signal Signal => Signal.Logs;

    /// <inheritdoc />
    public override string Name => "logs";

    /// <inheritdoc />
    public override string ItemNoun => "log records";

    /// <inheritdoc />
    public override string TelemetrySuffix => "log_records";

    /// <inheritdoc />
    public override string TelemetryUnit => "{records}";

    /// <inheritdoc />
    public override string GrpcService => "opentelemetry.proto.collector.logs.v1.LogsService";

    private protected override IMessage NewResponse() => new ExportLogsServiceResponse();

    private protected override IMessage NewResponse(long rejected, string message)
        => new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = rejected, ErrorMessage = message } };

    private protected override (long Rejected, string Message) ReadResponse(ReadOnlySpan<byte> body, bool json)
        => (json ? OtlpJsonReader.ReadLogsResponse(body) : ExportLogsServiceResponse.Parser.ParseFrom(body)).PartialSuccess is { } partial
            ? (partial.RejectedLogRecords, partial.ErrorMessage)
            : (0, string.Empty);

    /// <inheritdoc />
    public override MessageParser<ExportLogsServiceRequest> Parser => ExportLogsServiceRequest.Parser;

    private protected override RequestTree Tree => TreeInstance;

    /// <inheritdoc />
    public override ExportLogsServiceRequest ReadJson(ReadOnlySpan<byte> utf8Json) => OtlpJsonReader.ReadLogs(utf8Json);

    /// <inheritdoc />
    public override (long Rejected, string? Reason) DropInvalidIds(ExportLogsServiceRequest request)
    {
        long rejected = 0;
        string? reason = null;
        foreach (var resource in request.ResourceLogs)
        {
            foreach (var scope in resource.ScopeLogs)
            {
                rejected += InvalidIdFilter.KeepValid(scope.LogRecords, r => IdRules.LogRecordTraceId.Problem(r.TraceId) ?? IdRules.LogRecordSpanId.Problem(r.SpanId), ref reason);
            }
        }

        return (rejected, InvalidIdFilter.Summary(rejected, ItemNoun, reason));
    }
}
