using System.Globalization;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Exporters.Debug;

/// <summary>The one-line item counts the debug exporter prints for every batch at verbosity <c>basic</c>.</summary>
/// <remarks>
/// The field names match the reference collector's log fields (<c>"resource spans"</c>, <c>"data points"</c>, ...)
/// so scripts that parse its output keep working; the exporter prefixes its component id and kind.
/// </remarks>
public static class DebugSummary
{
    /// <summary>For example <c>Traces {"resource spans": 1, "spans": 2}</c>.</summary>
    public static string Traces(ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int spans = 0;
        foreach (var resource in request.ResourceSpans)
        {
            foreach (var scope in resource.ScopeSpans)
            {
                spans += scope.Spans.Count;
            }
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Traces {{\"resource spans\": {request.ResourceSpans.Count}, \"spans\": {spans}}}");
    }

    /// <summary>For example <c>Metrics {"resource metrics": 1, "metrics": 2, "data points": 5}</c>.</summary>
    public static string Metrics(ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int metrics = 0;
        int points = 0;
        foreach (var resource in request.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                metrics += scope.Metrics.Count;
                foreach (var metric in scope.Metrics)
                {
                    points += DataPointCount(metric);
                }
            }
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Metrics {{\"resource metrics\": {request.ResourceMetrics.Count}, \"metrics\": {metrics}, \"data points\": {points}}}");
    }

    /// <summary>For example <c>Logs {"resource logs": 1, "log records": 2}</c>.</summary>
    public static string Logs(ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int records = 0;
        foreach (var resource in request.ResourceLogs)
        {
            foreach (var scope in resource.ScopeLogs)
            {
                records += scope.LogRecords.Count;
            }
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Logs {{\"resource logs\": {request.ResourceLogs.Count}, \"log records\": {records}}}");
    }

    private static int DataPointCount(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        _ => 0,
    };
}
