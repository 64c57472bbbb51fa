using System.Text;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Logs;

namespace MiniCollector.Exporters.Debug;

public static partial class DetailedFormatter
{
    /// <summary>Appends every resource, scope and log record of the request.</summary>
    public static void Write(StringBuilder sb, ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(request);
        for (int i = 0; i < request.ResourceLogs.Count; i++)
        {
            var resource = request.ResourceLogs[i];
            sb.Append(Inv, $"ResourceLog #{i}\n");
            AppendResource(sb, resource.Resource, resource.SchemaUrl);
            for (int j = 0; j < resource.ScopeLogs.Count; j++)
            {
                var scope = resource.ScopeLogs[j];
                sb.Append(Inv, $"ScopeLogs #{j}\n");
                AppendScope(sb, "ScopeLogs", scope.Scope, scope.SchemaUrl);
                for (int k = 0; k < scope.LogRecords.Count; k++)
                {
                    sb.Append(Inv, $"LogRecord #{k}\n");
                    AppendLogRecord(sb, scope.LogRecords[k]);
                }
            }
        }
    }

    private static void AppendLogRecord(StringBuilder sb, LogRecord record)
    {
        AppendTimestampLine(sb, "ObservedTimestamp: ", record.ObservedTimeUnixNano);
        AppendTimestampLine(sb, "Timestamp: ", record.TimeUnixNano);
        sb.Append("SeverityText: ").Append(record.SeverityText).Append('\n');
        sb.Append("SeverityNumber: ").Append(DebugText.SeverityName(record.SeverityNumber))
            .Append(Inv, $"({(int)record.SeverityNumber})\n");
        if (record.EventName.Length > 0)
        {
            sb.Append("EventName: ").Append(record.EventName).Append('\n');
        }

        sb.Append("Body: ");
        DebugText.AppendTypedValue(sb, record.Body);
        sb.Append('\n');
        AppendAttributes(sb, "Attributes", record.Attributes);
        AppendIfNonZero(sb, "DroppedAttributesCount: ", record.DroppedAttributesCount);
        sb.Append("Trace ID: ");
        DebugText.AppendId(sb, record.TraceId);
        sb.Append("\nSpan ID: ");
        DebugText.AppendId(sb, record.SpanId);
        sb.Append(Inv, $"\nFlags: {record.Flags}\n");
    }
}
