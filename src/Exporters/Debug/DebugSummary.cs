using System.Globalization;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Debug;

/// <summary>The one-line item counts the debug exporter prints for every batch at verbosity <c>basic</c>.</summary>
/// <remarks>
/// The field names match the reference collector's log fields (<c>"resource spans"</c>, <c>"data points"</c>, ...)
/// so scripts that parse its output keep working; the exporter prefixes its component id and kind. Items are counted
/// by the signal kinds, as everywhere else.
/// </remarks>
public static class DebugSummary
{
    /// <summary>For example <c>Traces {"resource spans": 1, "spans": 2}</c>.</summary>
    public static string Traces(ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Traces {{\"resource spans\": {request.ResourceSpans.Count}, \"spans\": {TracesKind.Instance.CountItems(request)}}}");
    }

    /// <summary>For example <c>Metrics {"resource metrics": 1, "metrics": 2, "data points": 5}</c>.</summary>
    public static string Metrics(ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int metrics = 0;
        foreach (var resource in request.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                metrics += scope.Metrics.Count;
            }
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Metrics {{\"resource metrics\": {request.ResourceMetrics.Count}, \"metrics\": {metrics}, \"data points\": {MetricsKind.Instance.CountItems(request)}}}");
    }

    /// <summary>For example <c>Logs {"resource logs": 1, "log records": 2}</c>.</summary>
    public static string Logs(ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Logs {{\"resource logs\": {request.ResourceLogs.Count}, \"log records\": {LogsKind.Instance.CountItems(request)}}}");
    }
}
