using System.Text;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Exporters.Debug;

public static partial class DetailedFormatter
{
    /// <summary>Appends every resource, scope, span, event and link of the request.</summary>
    public static void Write(StringBuilder sb, ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(request);
        for (int i = 0; i < request.ResourceSpans.Count; i++)
        {
            var resource = request.ResourceSpans[i];
            sb.Append(Inv, $"ResourceSpans #{i}\n");
            AppendResource(sb, resource.Resource, resource.SchemaUrl);
            for (int j = 0; j < resource.ScopeSpans.Count; j++)
            {
                var scope = resource.ScopeSpans[j];
                sb.Append(Inv, $"ScopeSpans #{j}\n");
                AppendScope(sb, "ScopeSpans", scope.Scope, scope.SchemaUrl);
                for (int k = 0; k < scope.Spans.Count; k++)
                {
                    sb.Append(Inv, $"Span #{k}\n");
                    AppendSpan(sb, scope.Spans[k]);
                }
            }
        }
    }

    private static void AppendSpan(StringBuilder sb, Span span)
    {
        sb.Append("    Trace ID       : ");
        DebugText.AppendId(sb, span.TraceId);
        sb.Append("\n    Parent ID      : ");
        DebugText.AppendId(sb, span.ParentSpanId);
        sb.Append("\n    ID             : ");
        DebugText.AppendId(sb, span.SpanId);
        sb.Append("\n    Name           : ").Append(span.Name).Append('\n');
        sb.Append("    Kind           : ").Append(DebugText.KindName(span.Kind)).Append('\n');
        if (span.TraceState.Length > 0)
        {
            sb.Append("    TraceState     : ").Append(span.TraceState).Append('\n');
        }

        AppendIfNonZero(sb, "    Flags          : ", span.Flags);
        AppendTimestampLine(sb, "    Start time     : ", span.StartTimeUnixNano);
        AppendTimestampLine(sb, "    End time       : ", span.EndTimeUnixNano);
        sb.Append("    Status code    : ").Append(DebugText.StatusName(span.Status?.Code ?? default)).Append('\n');
        sb.Append("    Status message : ").Append(span.Status?.Message).Append('\n');
        sb.Append(Inv, $"    DroppedAttributesCount: {span.DroppedAttributesCount}\n");
        sb.Append(Inv, $"    DroppedEventsCount: {span.DroppedEventsCount}\n");
        sb.Append(Inv, $"    DroppedLinksCount: {span.DroppedLinksCount}\n");
        AppendAttributes(sb, "Attributes", span.Attributes);
        AppendEvents(sb, span.Events);
        AppendLinks(sb, span.Links);
    }

    private static void AppendEvents(StringBuilder sb, RepeatedField<Span.Types.Event> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        sb.Append("Events:\n");
        for (int i = 0; i < events.Count; i++)
        {
            var ev = events[i];
            sb.Append(Inv, $"SpanEvent #{i}\n");
            sb.Append(Arrow).Append(" Name: ").Append(ev.Name).Append('\n');
            AppendTimestampLine(sb, Arrow + " Timestamp: ", ev.TimeUnixNano);
            sb.Append(Inv, $"{Arrow} DroppedAttributesCount: {ev.DroppedAttributesCount}\n");
            AppendAttributes(sb, Arrow + " Attributes:", ev.Attributes);
        }
    }

    private static void AppendLinks(StringBuilder sb, RepeatedField<Span.Types.Link> links)
    {
        if (links.Count == 0)
        {
            return;
        }

        sb.Append("Links:\n");
        for (int i = 0; i < links.Count; i++)
        {
            var link = links[i];
            sb.Append(Inv, $"SpanLink #{i}\n");
            sb.Append(Arrow).Append(" Trace ID: ");
            DebugText.AppendId(sb, link.TraceId);
            sb.Append('\n').Append(Arrow).Append(" ID: ");
            DebugText.AppendId(sb, link.SpanId);
            sb.Append('\n').Append(Arrow).Append(" TraceState: ").Append(link.TraceState).Append('\n');
            AppendIfNonZero(sb, Arrow + " Flags: ", link.Flags);
            sb.Append(Inv, $"{Arrow} DroppedAttributesCount: {link.DroppedAttributesCount}\n");
            AppendAttributes(sb, Arrow + " Attributes:", link.Attributes);
        }
    }
}
