using System.Text.Json;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Logs;

namespace MiniCollector.Pipeline.Otlp.Json;

// The log signal: requests and log records.
public static partial class OtlpJsonWriter
{
    private static void WriteLogsRequest(Utf8JsonWriter w, ExportLogsServiceRequest request)
    {
        w.WriteStartObject();
        WriteMessages(w, "resourceLogs"u8, request.ResourceLogs, WriteResourceLogs);
        w.WriteEndObject();
    }

    private static void WriteResourceLogs(Utf8JsonWriter w, ResourceLogs resourceLogs)
    {
        w.WriteStartObject();
        if (resourceLogs.Resource is not null)
        {
            w.WritePropertyName("resource"u8);
            WriteResource(w, resourceLogs.Resource);
        }

        WriteMessages(w, "scopeLogs"u8, resourceLogs.ScopeLogs, WriteScopeLogs);
        WriteStringField(w, "schemaUrl"u8, resourceLogs.SchemaUrl);
        w.WriteEndObject();
    }

    private static void WriteScopeLogs(Utf8JsonWriter w, ScopeLogs scopeLogs)
    {
        w.WriteStartObject();
        if (scopeLogs.Scope is not null)
        {
            w.WritePropertyName("scope"u8);
            WriteScope(w, scopeLogs.Scope);
        }

        WriteMessages(w, "logRecords"u8, scopeLogs.LogRecords, WriteLogRecord);
        WriteStringField(w, "schemaUrl"u8, scopeLogs.SchemaUrl);
        w.WriteEndObject();
    }

    private static void WriteLogRecord(Utf8JsonWriter w, LogRecord record)
    {
        w.WriteStartObject();
        WriteUInt64Field(w, "timeUnixNano"u8, record.TimeUnixNano);
        WriteUInt64Field(w, "observedTimeUnixNano"u8, record.ObservedTimeUnixNano);
        WriteEnumField(w, "severityNumber"u8, (int)record.SeverityNumber);
        WriteStringField(w, "severityText"u8, record.SeverityText);
        if (record.Body is not null)
        {
            w.WritePropertyName("body"u8);
            WriteAnyValue(w, record.Body);
        }

        WriteMessages(w, "attributes"u8, record.Attributes, WriteKeyValue);
        WriteUInt32Field(w, "droppedAttributesCount"u8, record.DroppedAttributesCount);
        WriteUInt32Field(w, "flags"u8, record.Flags);
        WriteHexIdField(w, "traceId"u8, record.TraceId);
        WriteHexIdField(w, "spanId"u8, record.SpanId);
        WriteStringField(w, "eventName"u8, record.EventName);
        w.WriteEndObject();
    }
}
