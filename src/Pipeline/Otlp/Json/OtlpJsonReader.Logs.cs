using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Logs;

namespace MiniCollector.Pipeline.Otlp.Json;

// The log signal: requests and log records.
public static partial class OtlpJsonReader
{
    private static ExportLogsServiceRequest ReadLogsRequest(ref JsonCursor c)
    {
        var request = new ExportLogsServiceRequest();
        if (!c.BeginObject())
        {
            return request;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("resourceLogs"u8))
            {
                ReadMessages(ref c, request.ResourceLogs, ReadResourceLogs);
            }
            else
            {
                c.Skip();
            }
        }

        return request;
    }

    private static ResourceLogs ReadResourceLogs(ref JsonCursor c)
    {
        var resourceLogs = new ResourceLogs();
        if (!c.BeginObject())
        {
            return resourceLogs;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("scopeLogs"u8))
            {
                ReadMessages(ref c, resourceLogs.ScopeLogs, ReadScopeLogs);
            }
            else if (key.SequenceEqual("resource"u8))
            {
                resourceLogs.Resource = ReadResource(ref c);
            }
            else if (key.SequenceEqual("schemaUrl"u8))
            {
                resourceLogs.SchemaUrl = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return resourceLogs;
    }

    private static ScopeLogs ReadScopeLogs(ref JsonCursor c)
    {
        var scopeLogs = new ScopeLogs();
        if (!c.BeginObject())
        {
            return scopeLogs;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("logRecords"u8))
            {
                ReadMessages(ref c, scopeLogs.LogRecords, ReadLogRecord);
            }
            else if (key.SequenceEqual("scope"u8))
            {
                scopeLogs.Scope = ReadScope(ref c);
            }
            else if (key.SequenceEqual("schemaUrl"u8))
            {
                scopeLogs.SchemaUrl = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return scopeLogs;
    }

    private static LogRecord ReadLogRecord(ref JsonCursor c)
    {
        var record = new LogRecord();
        if (!c.BeginObject())
        {
            return record;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("timeUnixNano"u8))
            {
                record.TimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("observedTimeUnixNano"u8))
            {
                record.ObservedTimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("severityNumber"u8))
            {
                record.SeverityNumber = (SeverityNumber)c.ReadEnum(OtlpEnumNames.SeverityNumber, "SeverityNumber");
            }
            else if (key.SequenceEqual("severityText"u8))
            {
                record.SeverityText = c.ReadString();
            }
            else if (key.SequenceEqual("body"u8))
            {
                record.Body = ReadAnyValue(ref c);
            }
            else if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, record.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("droppedAttributesCount"u8))
            {
                record.DroppedAttributesCount = c.ReadUInt32();
            }
            else if (key.SequenceEqual("flags"u8))
            {
                record.Flags = c.ReadUInt32();
            }
            else if (key.SequenceEqual("traceId"u8))
            {
                record.TraceId = c.ReadHexId();
            }
            else if (key.SequenceEqual("spanId"u8))
            {
                record.SpanId = c.ReadHexId();
            }
            else if (key.SequenceEqual("eventName"u8))
            {
                record.EventName = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return record;
    }
}
