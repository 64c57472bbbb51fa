using System.Collections.Concurrent;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.EndToEnd.Tests.TestSupport;

/// <summary>
/// A test exporter (type <c>counting</c>) at the end of a downstream collector: it records every span name, metric
/// data point and log body that arrives, so tests can check that each item arrived exactly once.
/// </summary>
internal sealed class CountingExporter : IExporter
{
    /// <summary>Every item that arrived, by a name unique to it, with how often it arrived.</summary>
    public ConcurrentDictionary<string, int> Arrivals { get; } = new(StringComparer.Ordinal);

    public bool MutatesData => false;

    public int Distinct => Arrivals.Count;

    public int Total => Arrivals.Values.Sum();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        switch (request.Model)
        {
            case ExportTraceServiceRequest traces:
                foreach (var span in traces.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
                {
                    Arrive("span:" + span.Name);
                }

                break;
            case ExportMetricsServiceRequest metrics:
                // A data point is identified by its metric, attributes and time.
                foreach (var metric in metrics.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
                {
                    var points = metric.Sum?.DataPoints ?? metric.Gauge?.DataPoints;
                    foreach (var p in points ?? [])
                    {
                        Arrive($"metric:{metric.Name}|{p.Attributes}|{p.TimeUnixNano}");
                    }

                    foreach (var p in metric.Histogram?.DataPoints ?? [])
                    {
                        Arrive($"metric:{metric.Name}|{p.Attributes}|{p.TimeUnixNano}");
                    }
                }

                break;
            case ExportLogsServiceRequest logs:
                foreach (var record in logs.ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords))
                {
                    Arrive("log:" + record.Body?.StringValue);
                }

                break;
        }

        return ValueTask.FromResult(ConsumeResult.Success);
    }

    /// <summary>Count of arrivals whose key starts with the prefix (span:, metric:, log:).</summary>
    public int Count(string prefix) => Arrivals.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(a => a.Value);

    /// <summary>Keys that arrived more than once.</summary>
    public IReadOnlyList<string> Duplicates => [.. Arrivals.Where(a => a.Value > 1).Select(a => a.Key)];

    /// <summary>Waits (bounded) until at least <paramref name="expected"/> items with the prefix arrived.</summary>
    public async Task WaitForAsync(string prefix, int expected, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (Count(prefix) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    private void Arrive(string key) => Arrivals.AddOrUpdate(key, 1, (_, n) => n + 1);
}

/// <summary>Registers <see cref="CountingExporter"/> as type <c>counting</c>; the instance is reachable through <see cref="Instance"/>.</summary>
internal sealed class CountingExporterFactory() : ExporterFactory(new("counting", [Signal.Traces, Signal.Metrics, Signal.Logs]), Bind)
{
    public CountingExporter Instance { get; } = new();

    public override IExporter Create(ComponentContext context, object options) => Instance;

    private static object Bind(ConfigSection section, string typeAsWritten)
    {
        section.ReportUnknownKeys();
        return new object();
    }
}
