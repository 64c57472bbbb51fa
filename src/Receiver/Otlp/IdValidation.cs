using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Receiver.Otlp;

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
                var spans = scope.Spans;
                for (int i = spans.Count - 1; i >= 0; i--)
                {
                    var span = spans[i];
                    var problem = Check("trace_id", span.TraceId, 16, required: true)
                        ?? Check("span_id", span.SpanId, 8, required: true)
                        ?? Check("parent_span_id", span.ParentSpanId, 8, required: false);
                    for (int l = 0; problem is null && l < span.Links.Count; l++)
                    {
                        problem = Check("links.trace_id", span.Links[l].TraceId, 16, required: true) ?? Check("links.span_id", span.Links[l].SpanId, 8, required: true);
                    }

                    if (problem is not null)
                    {
                        reason ??= $"span \"{span.Name}\": {problem}";
                        spans.RemoveAt(i);
                        rejected++;
                    }
                }
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
                var records = scope.LogRecords;
                for (int i = records.Count - 1; i >= 0; i--)
                {
                    var problem = Check("trace_id", records[i].TraceId, 16, required: false) ?? Check("span_id", records[i].SpanId, 8, required: false);
                    if (problem is not null)
                    {
                        reason ??= $"log record #{i}: {problem}";
                        records.RemoveAt(i);
                        rejected++;
                    }
                }
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
                    var dropped = metric.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge => Drop(metric.Gauge.DataPoints, p => p.Exemplars),
                        Metric.DataOneofCase.Sum => Drop(metric.Sum.DataPoints, p => p.Exemplars),
                        Metric.DataOneofCase.Histogram => Drop(metric.Histogram.DataPoints, p => p.Exemplars),
                        Metric.DataOneofCase.ExponentialHistogram => Drop(metric.ExponentialHistogram.DataPoints, p => p.Exemplars),
                        _ => (0L, (string?)null),
                    };
                    if (dropped.Item1 > 0)
                    {
                        rejected += dropped.Item1;
                        reason ??= $"metric \"{metric.Name}\": {dropped.Item2}";
                    }
                }
            }
        }

        return (rejected, reason is null ? null : Summary(rejected, "data points", reason));
    }

    private static (long, string?) Drop<TPoint>(Google.Protobuf.Collections.RepeatedField<TPoint> points, Func<TPoint, Google.Protobuf.Collections.RepeatedField<Exemplar>> exemplars)
    {
        long dropped = 0;
        string? reason = null;
        for (int i = points.Count - 1; i >= 0; i--)
        {
            foreach (var exemplar in exemplars(points[i]))
            {
                var problem = Check("exemplar trace_id", exemplar.TraceId, 16, required: false) ?? Check("exemplar span_id", exemplar.SpanId, 8, required: false);
                if (problem is not null)
                {
                    reason ??= problem;
                    points.RemoveAt(i);
                    dropped++;
                    break;
                }
            }
        }

        return (dropped, reason);
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
