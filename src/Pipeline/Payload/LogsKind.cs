using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Logs;
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
    public override MessageParser<ExportLogsServiceRequest> Parser => ExportLogsServiceRequest.Parser;

    private protected override RequestTree Tree => TreeInstance;
}
