using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Receivers.Otlp;

/// <summary>
/// Removes items whose trace or span ids have the wrong length, so one bad item costs only itself (reported as
/// partial success) instead of failing the whole request as the reference collector does.
/// </summary>
public static class IdValidation
{
    /// <summary>Drops spans whose trace id is not 16 bytes, span id not 8, parent or link ids malformed.</summary>
    public static (long Rejected, string? Reason) DropInvalidSpans(ExportTraceServiceRequest request)
    {
        long rejected = 0;
        string? reason = null;
        foreach (var resource in request.ResourceSpans)
        {
            foreach (var scope in resource.ScopeSpans)
            {
                rejected += KeepValid(scope.Spans, SpanProblem, ref reason);
            }
        }

        return (rejected, reason is null ? null : Summary(rejected, "spans", reason));
    }

    /// <summary>Drops log records whose trace id is neither empty nor 16 bytes, or span id neither empty nor 8.</summary>
    public static (long Rejected, string? Reason) DropInvalidLogRecords(ExportLogsServiceRequest request)
    {
        long rejected = 0;
        string? reason = null;
        foreach (var resource in request.ResourceLogs)
        {
            foreach (var scope in resource.ScopeLogs)
            {
                rejected += KeepValid(scope.LogRecords, r => Check("trace_id", r.TraceId, 16, required: false) ?? Check("span_id", r.SpanId, 8, required: false), ref reason);
            }
        }

        return (rejected, reason is null ? null : Summary(rejected, "log records", reason));
    }

    /// <summary>Drops data points carrying an exemplar with malformed ids.</summary>
    public static (long Rejected, string? Reason) DropInvalidDataPoints(ExportMetricsServiceRequest request)
    {
        long rejected = 0;
        string? reason = null;
        foreach (var resource in request.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    string? first = null;
                    rejected += metric.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge => KeepValid(metric.Gauge.DataPoints, p => ExemplarProblem(p.Exemplars), ref first),
                        Metric.DataOneofCase.Sum => KeepValid(metric.Sum.DataPoints, p => ExemplarProblem(p.Exemplars), ref first),
                        Metric.DataOneofCase.Histogram => KeepValid(metric.Histogram.DataPoints, p => ExemplarProblem(p.Exemplars), ref first),
                        Metric.DataOneofCase.ExponentialHistogram => KeepValid(metric.ExponentialHistogram.DataPoints, p => ExemplarProblem(p.Exemplars), ref first),
                        _ => 0,
                    };
                    if (first is not null)
                    {
                        reason ??= $"metric \"{metric.Name}\": {first}";
                    }
                }
            }
        }

        return (rejected, reason is null ? null : Summary(rejected, "data points", reason));
    }

    // One pass keeping the valid items in order; the list is rebuilt only when something was dropped, so a request
    // full of bad items costs linear time rather than one shift of the list per removal.
    private static long KeepValid<T>(RepeatedField<T> items, Func<T, string?> problem, ref string? firstReason)
    {
        List<T>? kept = null;
        for (int i = 0; i < items.Count; i++)
        {
            var found = problem(items[i]);
            if (found is null)
            {
                kept?.Add(items[i]);
                continue;
            }

            if (kept is null)
            {
                kept = new List<T>(items.Count);
                for (int j = 0; j < i; j++)
                {
                    kept.Add(items[j]);
                }
            }

            firstReason ??= found;
        }

        if (kept is null)
        {
            return 0;
        }

        long dropped = items.Count - kept.Count;
        items.Clear();
        items.AddRange(kept);
        return dropped;
    }

    private static string? SpanProblem(Span span)
    {
        var problem = Check("trace_id", span.TraceId, 16, required: true)
            ?? Check("span_id", span.SpanId, 8, required: true)
            ?? Check("parent_span_id", span.ParentSpanId, 8, required: false);
        for (int l = 0; problem is null && l < span.Links.Count; l++)
        {
            problem = Check("links.trace_id", span.Links[l].TraceId, 16, required: true) ?? Check("links.span_id", span.Links[l].SpanId, 8, required: true);
        }

        return problem is null ? null : $"span \"{span.Name}\": {problem}";
    }

    private static string? ExemplarProblem(RepeatedField<Exemplar> exemplars)
    {
        foreach (var exemplar in exemplars)
        {
            var problem = Check("exemplar trace_id", exemplar.TraceId, 16, required: false) ?? Check("exemplar span_id", exemplar.SpanId, 8, required: false);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Check(string field, ByteString id, int length, bool required)
    {
        if (id.Length == length || (!required && id.Length == 0))
        {
            return null;
        }

        return required ? $"{field} must be {length} bytes, got {id.Length}" : $"{field} must be empty or {length} bytes, got {id.Length}";
    }

    private static string Summary(long rejected, string noun, string first)
        => $"{rejected} {noun} rejected because of malformed ids (first: {first})";
}
