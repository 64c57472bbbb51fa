using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Connectors.Count;

/// <summary>
/// Counts the items of each request as it arrives and sends the counts, as one metrics request, to the metrics
/// pipelines it feeds. The caller's answer is theirs: when they refuse the counts, the caller is refused and retries,
/// so no count is lost (a retried request is counted again, as its first counts never got through).
/// </summary>
internal sealed class CountConnector : IConnector
{
    private readonly Func<TelemetryRequest, ulong, ExportMetricsServiceRequest> _count;
    private readonly IConsumer _metrics;
    private readonly TimeProvider _time;

    public CountConnector(Func<TelemetryRequest, ulong, ExportMetricsServiceRequest> count, IConsumer metrics, TimeProvider time)
    {
        _count = count;
        _metrics = metrics;
        _time = time;
    }

    /// <inheritdoc />
    /// <remarks>It reads the request and sends a new one it built.</remarks>
    public bool MutatesData => false;

    /// <summary>The counting of traces requests: spans and span events.</summary>
    public static Func<TelemetryRequest, ulong, ExportMetricsServiceRequest> ForTraces(CountOptions options)
    {
        var count = new TracesCount(CountMetric.Compile(options.Spans, OttlContextKind.Span), CountMetric.Compile(options.SpanEvents, OttlContextKind.SpanEvent));
        return (request, now) => count.Count((ExportTraceServiceRequest)request.Model, now);
    }

    /// <summary>The counting of metrics requests: metrics and data points.</summary>
    public static Func<TelemetryRequest, ulong, ExportMetricsServiceRequest> ForMetrics(CountOptions options)
    {
        var count = new MetricsCount(CountMetric.Compile(options.Metrics, OttlContextKind.Metric), CountMetric.Compile(options.DataPoints, OttlContextKind.DataPoint));
        return (request, now) => count.Count((ExportMetricsServiceRequest)request.Model, now);
    }

    /// <summary>The counting of logs requests: log records.</summary>
    public static Func<TelemetryRequest, ulong, ExportMetricsServiceRequest> ForLogs(CountOptions options)
    {
        var count = new LogsCount(CountMetric.Compile(options.Logs, OttlContextKind.Log));
        return (request, now) => count.Count((ExportLogsServiceRequest)request.Model, now);
    }

    /// <inheritdoc />
    public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        ExportMetricsServiceRequest counts;
        try
        {
            counts = _count(request, UnixNanos(_time.GetUtcNow()));
        }
        catch (OttlRuntimeException ex)
        {
            // As the reference: a condition that fails on an item fails the request, and no count is sent.
            return ConsumeResult.Fail("count connector: " + ex.Message);
        }

        if (counts.ResourceMetrics.Count == 0)
        {
            return ConsumeResult.Success;
        }

        var result = await _metrics.ConsumeAsync(MetricsKind.Instance.FromModel(counts, request.Metadata), cancellationToken).ConfigureAwait(false);
        return ForCaller(result);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The metrics pipelines' answer as the answer for the counted request. A partial success rejected count data
    /// points, not the caller's items: the caller's request was taken whole, so the rejection becomes a warning.
    /// </summary>
    internal static ConsumeResult ForCaller(ConsumeResult result)
    {
        if (!result.IsAccepted || result.RejectedItems == 0)
        {
            return result;
        }

        var message = $"count connector: {result.RejectedItems} count data points were rejected downstream" + (result.Message is { } m ? ": " + m : string.Empty);
        return new ConsumeResult(ConsumeOutcome.Accepted, 0, message, null) { Reason = result.Reason };
    }

    private static ulong UnixNanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;
}
