using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Pipeline.Otlp.Json;

// The trace signal: requests, spans, events, links.
public static partial class OtlpJsonReader
{
    private static ExportTraceServiceRequest ReadTraceRequest(ref JsonCursor c)
    {
        var request = new ExportTraceServiceRequest();
        if (!c.BeginObject())
        {
            return request;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("resourceSpans"u8))
            {
                ReadMessages(ref c, request.ResourceSpans, ReadResourceSpans);
            }
            else
            {
                c.Skip();
            }
        }

        return request;
    }

    private static ResourceSpans ReadResourceSpans(ref JsonCursor c)
    {
        var resourceSpans = new ResourceSpans();
        if (!c.BeginObject())
        {
            return resourceSpans;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("scopeSpans"u8))
            {
                ReadMessages(ref c, resourceSpans.ScopeSpans, ReadScopeSpans);
            }
            else if (key.SequenceEqual("resource"u8))
            {
                resourceSpans.Resource = ReadResource(ref c);
            }
            else if (key.SequenceEqual("schemaUrl"u8))
            {
                resourceSpans.SchemaUrl = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return resourceSpans;
    }

    private static ScopeSpans ReadScopeSpans(ref JsonCursor c)
    {
        var scopeSpans = new ScopeSpans();
        if (!c.BeginObject())
        {
            return scopeSpans;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("spans"u8))
            {
                ReadMessages(ref c, scopeSpans.Spans, ReadSpan);
            }
            else if (key.SequenceEqual("scope"u8))
            {
                scopeSpans.Scope = ReadScope(ref c);
            }
            else if (key.SequenceEqual("schemaUrl"u8))
            {
                scopeSpans.SchemaUrl = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return scopeSpans;
    }

    private static Span ReadSpan(ref JsonCursor c)
    {
        var span = new Span();
        if (!c.BeginObject())
        {
            return span;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("traceId"u8))
            {
                span.TraceId = c.ReadHexId();
            }
            else if (key.SequenceEqual("spanId"u8))
            {
                span.SpanId = c.ReadHexId();
            }
            else if (key.SequenceEqual("parentSpanId"u8))
            {
                span.ParentSpanId = c.ReadHexId();
            }
            else if (key.SequenceEqual("name"u8))
            {
                span.Name = c.ReadString();
            }
            else if (key.SequenceEqual("kind"u8))
            {
                span.Kind = (Span.Types.SpanKind)c.ReadEnum(OtlpEnumNames.SpanKind, "SpanKind");
            }
            else if (key.SequenceEqual("startTimeUnixNano"u8))
            {
                span.StartTimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("endTimeUnixNano"u8))
            {
                span.EndTimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, span.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("status"u8))
            {
                span.Status = ReadSpanStatus(ref c);
            }
            else if (key.SequenceEqual("traceState"u8))
            {
                span.TraceState = c.ReadString();
            }
            else if (key.SequenceEqual("flags"u8))
            {
                span.Flags = c.ReadUInt32();
            }
            else if (key.SequenceEqual("events"u8))
            {
                ReadMessages(ref c, span.Events, ReadSpanEvent);
            }
            else if (key.SequenceEqual("links"u8))
            {
                ReadMessages(ref c, span.Links, ReadSpanLink);
            }
            else if (key.SequenceEqual("droppedAttributesCount"u8))
            {
                span.DroppedAttributesCount = c.ReadUInt32();
            }
            else if (key.SequenceEqual("droppedEventsCount"u8))
            {
                span.DroppedEventsCount = c.ReadUInt32();
            }
            else if (key.SequenceEqual("droppedLinksCount"u8))
            {
                span.DroppedLinksCount = c.ReadUInt32();
            }
            else
            {
                c.Skip();
            }
        }

        return span;
    }

    private static Span.Types.Event ReadSpanEvent(ref JsonCursor c)
    {
        var spanEvent = new Span.Types.Event();
        if (!c.BeginObject())
        {
            return spanEvent;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("timeUnixNano"u8))
            {
                spanEvent.TimeUnixNano = c.ReadUInt64();
            }
            else if (key.SequenceEqual("name"u8))
            {
                spanEvent.Name = c.ReadString();
            }
            else if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, spanEvent.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("droppedAttributesCount"u8))
            {
                spanEvent.DroppedAttributesCount = c.ReadUInt32();
            }
            else
            {
                c.Skip();
            }
        }

        return spanEvent;
    }

    private static Span.Types.Link ReadSpanLink(ref JsonCursor c)
    {
        var link = new Span.Types.Link();
        if (!c.BeginObject())
        {
            return link;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("traceId"u8))
            {
                link.TraceId = c.ReadHexId();
            }
            else if (key.SequenceEqual("spanId"u8))
            {
                link.SpanId = c.ReadHexId();
            }
            else if (key.SequenceEqual("traceState"u8))
            {
                link.TraceState = c.ReadString();
            }
            else if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, link.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("droppedAttributesCount"u8))
            {
                link.DroppedAttributesCount = c.ReadUInt32();
            }
            else if (key.SequenceEqual("flags"u8))
            {
                link.Flags = c.ReadUInt32();
            }
            else
            {
                c.Skip();
            }
        }

        return link;
    }

    private static Status ReadSpanStatus(ref JsonCursor c)
    {
        var status = new Status();
        if (!c.BeginObject())
        {
            return status;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("code"u8))
            {
                status.Code = (Status.Types.StatusCode)c.ReadEnum(OtlpEnumNames.StatusCode, "StatusCode");
            }
            else if (key.SequenceEqual("message"u8))
            {
                status.Message = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return status;
    }
}
