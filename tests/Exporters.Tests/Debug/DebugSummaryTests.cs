using MiniCollector.Exporters.Debug;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Exporters.Tests.Debug;

public class DebugSummaryTests
{
    [Fact]
    public void Traces_count_resources_and_spans_across_scopes()
    {
        var request = new ExportTraceServiceRequest();
        var first = new ResourceSpans();
        first.ScopeSpans.Add(new ScopeSpans { Spans = { new Span(), new Span() } });
        first.ScopeSpans.Add(new ScopeSpans { Spans = { new Span() } });
        request.ResourceSpans.Add(first);
        request.ResourceSpans.Add(new ResourceSpans());

        Assert.Equal("""Traces {"resource spans": 2, "spans": 3}""", DebugSummary.Traces(request));
    }

    [Fact]
    public void Empty_requests_report_zeros()
    {
        Assert.Equal("""Traces {"resource spans": 0, "spans": 0}""", DebugSummary.Traces(new ExportTraceServiceRequest()));
        Assert.Equal(
            """Metrics {"resource metrics": 0, "metrics": 0, "data points": 0}""",
            DebugSummary.Metrics(new ExportMetricsServiceRequest()));
        Assert.Equal("""Logs {"resource logs": 0, "log records": 0}""", DebugSummary.Logs(new ExportLogsServiceRequest()));
    }

    [Fact]
    public void Metrics_count_data_points_of_every_type()
    {
        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Gauge = new Gauge { DataPoints = { new NumberDataPoint(), new NumberDataPoint() } } });
        scope.Metrics.Add(new Metric { Sum = new Sum { DataPoints = { new NumberDataPoint() } } });
        scope.Metrics.Add(new Metric { Histogram = new Histogram { DataPoints = { new HistogramDataPoint() } } });
        scope.Metrics.Add(new Metric
        {
            ExponentialHistogram = new ExponentialHistogram { DataPoints = { new ExponentialHistogramDataPoint() } },
        });
        scope.Metrics.Add(new Metric { Summary = new Summary { DataPoints = { new SummaryDataPoint(), new SummaryDataPoint() } } });
        scope.Metrics.Add(new Metric { Name = "no data" });
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(new ResourceMetrics { ScopeMetrics = { scope } });

        Assert.Equal(
            """Metrics {"resource metrics": 1, "metrics": 6, "data points": 7}""",
            DebugSummary.Metrics(request));
    }

    [Fact]
    public void Logs_count_records()
    {
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(new ResourceLogs
        {
            ScopeLogs =
            {
                new ScopeLogs { LogRecords = { new LogRecord(), new LogRecord() } },
                new ScopeLogs { LogRecords = { new LogRecord() } },
            },
        });

        Assert.Equal("""Logs {"resource logs": 1, "log records": 3}""", DebugSummary.Logs(request));
    }
}
