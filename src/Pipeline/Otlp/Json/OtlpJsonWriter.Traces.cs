using System.Text.Json;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Pipeline.Otlp.Json;

// The trace signal: requests, spans, events, links.
public static partial class OtlpJsonWriter
{
    private static void WriteTraceRequest(Utf8JsonWriter w, ExportTraceServiceRequest request)
    {
        w.WriteStartObject();
        WriteMessages(w, "resourceSpans"u8, request.ResourceSpans, WriteResourceSpans);
        w.WriteEndObject();
    }

    private static void WriteResourceSpans(Utf8JsonWriter w, ResourceSpans resourceSpans)
    {
        w.WriteStartObject();
        if (resourceSpans.Resource is not null)
        {
            w.WritePropertyName("resource"u8);
            WriteResource(w, resourceSpans.Resource);
        }

        WriteMessages(w, "scopeSpans"u8, resourceSpans.ScopeSpans, WriteScopeSpans);
        WriteStringField(w, "schemaUrl"u8, resourceSpans.SchemaUrl);
        w.WriteEndObject();
    }

    private static void WriteScopeSpans(Utf8JsonWriter w, ScopeSpans scopeSpans)
    {
        w.WriteStartObject();
        if (scopeSpans.Scope is not null)
        {
            w.WritePropertyName("scope"u8);
            WriteScope(w, scopeSpans.Scope);
        }

        WriteMessages(w, "spans"u8, scopeSpans.Spans, WriteSpan);
        WriteStringField(w, "schemaUrl"u8, scopeSpans.SchemaUrl);
        w.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter w, Span span)
    {
        w.WriteStartObject();
        WriteHexIdField(w, "traceId"u8, span.TraceId);
        WriteHexIdField(w, "spanId"u8, span.SpanId);
        WriteStringField(w, "traceState"u8, span.TraceState);
        WriteHexIdField(w, "parentSpanId"u8, span.ParentSpanId);
        WriteUInt32Field(w, "flags"u8, span.Flags);
        WriteStringField(w, "name"u8, span.Name);
        WriteEnumField(w, "kind"u8, (int)span.Kind);
        WriteUInt64Field(w, "startTimeUnixNano"u8, span.StartTimeUnixNano);
        WriteUInt64Field(w, "endTimeUnixNano"u8, span.EndTimeUnixNano);
        WriteMessages(w, "attributes"u8, span.Attributes, WriteKeyValue);
        WriteUInt32Field(w, "droppedAttributesCount"u8, span.DroppedAttributesCount);
        WriteMessages(w, "events"u8, span.Events, WriteSpanEvent);
        WriteUInt32Field(w, "droppedEventsCount"u8, span.DroppedEventsCount);
        WriteMessages(w, "links"u8, span.Links, WriteSpanLink);
        WriteUInt32Field(w, "droppedLinksCount"u8, span.DroppedLinksCount);
        if (span.Status is not null)
        {
            w.WritePropertyName("status"u8);
            w.WriteStartObject();
            WriteStringField(w, "message"u8, span.Status.Message);
            WriteEnumField(w, "code"u8, (int)span.Status.Code);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteSpanEvent(Utf8JsonWriter w, Span.Types.Event spanEvent)
    {
        w.WriteStartObject();
        WriteUInt64Field(w, "timeUnixNano"u8, spanEvent.TimeUnixNano);
        WriteStringField(w, "name"u8, spanEvent.Name);
        WriteMessages(w, "attributes"u8, spanEvent.Attributes, WriteKeyValue);
        WriteUInt32Field(w, "droppedAttributesCount"u8, spanEvent.DroppedAttributesCount);
        w.WriteEndObject();
    }

    private static void WriteSpanLink(Utf8JsonWriter w, Span.Types.Link link)
    {
        w.WriteStartObject();
        WriteHexIdField(w, "traceId"u8, link.TraceId);
        WriteHexIdField(w, "spanId"u8, link.SpanId);
        WriteStringField(w, "traceState"u8, link.TraceState);
        WriteMessages(w, "attributes"u8, link.Attributes, WriteKeyValue);
        WriteUInt32Field(w, "droppedAttributesCount"u8, link.DroppedAttributesCount);
        WriteUInt32Field(w, "flags"u8, link.Flags);
        w.WriteEndObject();
    }
}
