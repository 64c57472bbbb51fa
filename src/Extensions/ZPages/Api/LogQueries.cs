using System.Text.Json;
using MiniCollector.Extensions.ZPages.Capture;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Logs;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>The logs JSON (<c>/api/logs</c>): recent log records passing the filter, newest first.</summary>
internal static class LogQueries
{
    /// <summary>Writes <c>{"logs": [...], "matched": n}</c>.</summary>
    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<Captured<ExportLogsServiceRequest>> captures, TelemetryFilter filter)
    {
        var rows = new List<(ulong Time, long Sequence, int Index, LogRecord Record, string Service, ResourceLogs Resource, ScopeLogs Scope)>();
        foreach (var capture in captures)
        {
            foreach (var resourceLogs in capture.Message.ResourceLogs)
            {
                var service = OtlpValues.ServiceName(resourceLogs.Resource);
                if (!filter.MatchesService(service))
                {
                    continue;
                }

                foreach (var scopeLogs in resourceLogs.ScopeLogs)
                {
                    foreach (var record in scopeLogs.LogRecords)
                    {
                        if (Matches(record, resourceLogs, filter))
                        {
                            ulong time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                            rows.Add((time, capture.Sequence, rows.Count, record, service, resourceLogs, scopeLogs));
                        }
                    }
                }
            }
        }

        // Newest first; records of one time keep their arrival order reversed, as a tail would show them.
        rows.Sort((a, b) => a.Time != b.Time ? b.Time.CompareTo(a.Time) : b.Index.CompareTo(a.Index));
        writer.WriteStartObject();
        writer.WriteNumber("matched"u8, rows.Count);
        writer.WriteStartArray("logs"u8);
        foreach (var row in rows.Take(filter.Limit))
        {
            var record = row.Record;
            writer.WriteStartObject();
            OtlpValues.WriteTime(writer, "time"u8, row.Time);
            writer.WriteNumber("severityNumber"u8, (int)record.SeverityNumber);
            writer.WriteString("severity"u8, SeverityText(record));
            writer.WriteString("service"u8, row.Service);
            writer.WriteString("body"u8, OtlpValues.Text(record.Body));
            writer.WriteString("eventName"u8, record.EventName);
            writer.WriteString("traceId"u8, OtlpValues.Hex(record.TraceId));
            writer.WriteString("spanId"u8, OtlpValues.Hex(record.SpanId));
            writer.WriteString("scope"u8, row.Scope.Scope?.Name ?? string.Empty);
            OtlpValues.WriteAttributes(writer, "attributes"u8, record.Attributes);
            if (row.Resource.Resource is { } resource)
            {
                OtlpValues.WriteAttributes(writer, "resource"u8, resource.Attributes);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static bool Matches(LogRecord record, ResourceLogs resource, TelemetryFilter filter)
    {
        if (filter.TraceId is not null && !filter.MatchesTraceId(OtlpValues.Hex(record.TraceId)))
        {
            return false;
        }

        if ((int)record.SeverityNumber < filter.MinSeverity)
        {
            return false;
        }

        return filter.Attribute is not { } needle
            || OtlpValues.Text(record.Body).Contains(needle, StringComparison.OrdinalIgnoreCase)
            || OtlpValues.AttributesContain(record.Attributes, needle)
            || (resource.Resource is { } r && OtlpValues.AttributesContain(r.Attributes, needle));
    }

    // The text the SDK sent; else the level the number names (INFO for 9-12, ...).
    private static string SeverityText(LogRecord record)
    {
        if (record.SeverityText.Length > 0)
        {
            return record.SeverityText;
        }

        return (int)record.SeverityNumber switch
        {
            >= 21 => "FATAL",
            >= 17 => "ERROR",
            >= 13 => "WARN",
            >= 9 => "INFO",
            >= 5 => "DEBUG",
            >= 1 => "TRACE",
            _ => string.Empty,
        };
    }
}
