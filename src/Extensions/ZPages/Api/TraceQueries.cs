using System.Text.Json;
using MiniCollector.Extensions.ZPages.Capture;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>The traces JSON: the list of recent traces (<c>/api/traces</c>) and one trace's spans (<c>/api/traces/{id}</c>).</summary>
internal static class TraceQueries
{
    /// <summary>Every captured span, grouped by trace id (hex), in arrival order; a span sent twice is kept once.</summary>
    public static Dictionary<string, List<CapturedSpan>> GroupByTrace(IReadOnlyList<Captured<ExportTraceServiceRequest>> captures)
    {
        var traces = new Dictionary<string, List<CapturedSpan>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var capture in captures)
        {
            foreach (var resourceSpans in capture.Message.ResourceSpans)
            {
                var service = OtlpValues.ServiceName(resourceSpans.Resource);
                foreach (var scopeSpans in resourceSpans.ScopeSpans)
                {
                    foreach (var span in scopeSpans.Spans)
                    {
                        var traceId = OtlpValues.Hex(span.TraceId);
                        var spanId = OtlpValues.Hex(span.SpanId);
                        if (!seen.Add((traceId, spanId)))
                        {
                            continue;
                        }

                        if (!traces.TryGetValue(traceId, out var spans))
                        {
                            traces[traceId] = spans = [];
                        }

                        spans.Add(new CapturedSpan(span, resourceSpans.Resource, service, scopeSpans.Scope, traceId, spanId, OtlpValues.Hex(span.ParentSpanId)));
                    }
                }
            }
        }

        return traces;
    }

    /// <summary>Writes <c>{"traces": [...], "matched": n}</c>: one row per trace passing the filter, newest first.</summary>
    public static void WriteList(Utf8JsonWriter writer, Dictionary<string, List<CapturedSpan>> traces, TelemetryFilter filter)
    {
        var rows = new List<(ulong Start, string TraceId, List<CapturedSpan> Spans)>();
        foreach (var (traceId, spans) in traces)
        {
            if (Matches(traceId, spans, filter))
            {
                rows.Add((StartOf(spans), traceId, spans));
            }
        }

        rows.Sort((a, b) => b.Start.CompareTo(a.Start));
        writer.WriteStartObject();
        writer.WriteNumber("matched"u8, rows.Count);
        writer.WriteStartArray("traces"u8);
        foreach (var (start, traceId, spans) in rows.Take(filter.Limit))
        {
            var root = RootOf(spans);
            ulong end = spans.Max(s => s.Span.EndTimeUnixNano);
            writer.WriteStartObject();
            writer.WriteString("traceId"u8, traceId);
            writer.WriteString("service"u8, root.Service);
            writer.WriteStartArray("services"u8);
            foreach (var service in spans.Select(s => s.Service).Distinct(StringComparer.Ordinal))
            {
                writer.WriteStringValue(service);
            }

            writer.WriteEndArray();
            writer.WriteString("rootName"u8, root.Span.Name);
            writer.WriteString("rootSpanId"u8, root.SpanId);
            writer.WriteBoolean("rootFound"u8, root.ParentSpanId.Length == 0);
            OtlpValues.WriteTime(writer, "start"u8, start);
            writer.WriteNumber("durationMs"u8, OtlpValues.Milliseconds(end > start ? end - start : 0));
            writer.WriteNumber("spanCount"u8, spans.Count);
            writer.WriteBoolean("error"u8, spans.Any(s => s.IsError));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes one trace: its spans in tree order with depth and offsets for a waterfall.</summary>
    public static void WriteTrace(Utf8JsonWriter writer, string traceId, List<CapturedSpan> spans)
    {
        ulong start = StartOf(spans);
        ulong end = spans.Max(s => s.Span.EndTimeUnixNano);
        writer.WriteStartObject();
        writer.WriteString("traceId"u8, traceId);
        OtlpValues.WriteTime(writer, "start"u8, start);
        writer.WriteNumber("durationMs"u8, OtlpValues.Milliseconds(end > start ? end - start : 0));
        writer.WriteStartArray("spans"u8);
        foreach (var (span, depth) in TreeOrder(spans))
        {
            WriteSpan(writer, span, depth, start);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, CapturedSpan captured, int depth, ulong traceStart)
    {
        var span = captured.Span;
        writer.WriteStartObject();
        writer.WriteString("spanId"u8, captured.SpanId);
        writer.WriteString("parentSpanId"u8, captured.ParentSpanId);
        writer.WriteString("name"u8, span.Name);
        writer.WriteString("kind"u8, KindName(span.Kind));
        writer.WriteString("service"u8, captured.Service);
        writer.WriteNumber("depth"u8, depth);
        OtlpValues.WriteTime(writer, "start"u8, span.StartTimeUnixNano);
        OtlpValues.WriteTime(writer, "end"u8, span.EndTimeUnixNano);
        writer.WriteNumber("offsetMs"u8, OtlpValues.Milliseconds(span.StartTimeUnixNano > traceStart ? span.StartTimeUnixNano - traceStart : 0));
        writer.WriteNumber("durationMs"u8, OtlpValues.Milliseconds((ulong)captured.DurationNanos));
        writer.WriteStartObject("status"u8);
        writer.WriteString("code"u8, StatusName(span.Status?.Code ?? Status.Types.StatusCode.Unset));
        writer.WriteString("message"u8, span.Status?.Message ?? string.Empty);
        writer.WriteEndObject();
        writer.WriteStartObject("scope"u8);
        writer.WriteString("name"u8, captured.Scope?.Name ?? string.Empty);
        writer.WriteString("version"u8, captured.Scope?.Version ?? string.Empty);
        writer.WriteEndObject();
        OtlpValues.WriteAttributes(writer, "attributes"u8, span.Attributes);
        writer.WriteStartArray("events"u8);
        foreach (var e in span.Events)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, e.Name);
            OtlpValues.WriteTime(writer, "time"u8, e.TimeUnixNano);
            writer.WriteNumber("offsetMs"u8, OtlpValues.Milliseconds(e.TimeUnixNano > traceStart ? e.TimeUnixNano - traceStart : 0));
            OtlpValues.WriteAttributes(writer, "attributes"u8, e.Attributes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("links"u8);
        foreach (var link in span.Links)
        {
            writer.WriteStartObject();
            writer.WriteString("traceId"u8, OtlpValues.Hex(link.TraceId));
            writer.WriteString("spanId"u8, OtlpValues.Hex(link.SpanId));
            OtlpValues.WriteAttributes(writer, "attributes"u8, link.Attributes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (captured.Resource is { } resource)
        {
            OtlpValues.WriteAttributes(writer, "resource"u8, resource.Attributes);
        }
        else
        {
            writer.WriteStartObject("resource"u8);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static bool Matches(string traceId, List<CapturedSpan> spans, TelemetryFilter filter)
    {
        if (!filter.MatchesTraceId(traceId))
        {
            return false;
        }

        if (filter.Service is not null && !spans.Any(s => filter.MatchesService(s.Service)))
        {
            return false;
        }

        if (filter.Name is not null && !spans.Any(s => filter.MatchesName(s.Span.Name)))
        {
            return false;
        }

        return filter.Attribute is not { } needle
            || spans.Any(s => OtlpValues.AttributesContain(s.Span.Attributes, needle) || (s.Resource is { } r && OtlpValues.AttributesContain(r.Attributes, needle)));
    }

    // The span without a parent; when the root has not arrived (yet), the earliest span stands in for it.
    private static CapturedSpan RootOf(List<CapturedSpan> spans)
    {
        CapturedSpan? earliest = null;
        foreach (var span in spans)
        {
            if (span.ParentSpanId.Length == 0)
            {
                return span;
            }

            if (earliest is null || span.Span.StartTimeUnixNano < earliest.Span.StartTimeUnixNano)
            {
                earliest = span;
            }
        }

        return earliest!;
    }

    private static ulong StartOf(List<CapturedSpan> spans) => spans.Min(s => s.Span.StartTimeUnixNano);

    // Depth-first from the roots (spans whose parent is absent), children by start time: the waterfall's rows.
    private static List<(CapturedSpan Span, int Depth)> TreeOrder(List<CapturedSpan> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.Where(s => ids.Contains(s.ParentSpanId) && s.ParentSpanId != s.SpanId)
            .GroupBy(s => s.ParentSpanId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Span.StartTimeUnixNano).ToList(), StringComparer.Ordinal);
        var ordered = new List<(CapturedSpan, int)>(spans.Count);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(CapturedSpan, int)>();
        foreach (var root in spans.Where(s => !ids.Contains(s.ParentSpanId) || s.ParentSpanId == s.SpanId).OrderByDescending(s => s.Span.StartTimeUnixNano))
        {
            stack.Push((root, 0));
        }

        while (stack.Count > 0)
        {
            var (span, depth) = stack.Pop();
            if (!visited.Add(span.SpanId))
            {
                continue;
            }

            ordered.Add((span, depth));
            if (children.TryGetValue(span.SpanId, out var kids))
            {
                for (int i = kids.Count - 1; i >= 0; i--)
                {
                    stack.Push((kids[i], depth + 1));
                }
            }
        }

        // Spans in a parent cycle are reachable from no root; they are shown at the end rather than lost.
        foreach (var span in spans.Where(s => !visited.Contains(s.SpanId)))
        {
            ordered.Add((span, 0));
        }

        return ordered;
    }

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Internal => "internal",
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "unspecified",
    };

    private static string StatusName(Status.Types.StatusCode code) => code switch
    {
        Status.Types.StatusCode.Ok => "ok",
        Status.Types.StatusCode.Error => "error",
        _ => "unset",
    };
}
