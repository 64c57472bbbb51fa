using Microsoft.Extensions.Logging;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>
/// The <c>spanmetrics</c> connector (traces → metrics): counts spans into calls, duration and events metrics and sends
/// them every <c>metrics_flush_interval</c> to the metrics pipelines naming it as a receiver.
/// </summary>
/// <remarks>
/// Spans are counted when they arrive and the traces pipeline is answered at once: the metrics are the connector's
/// own, built from data that also goes on to the pipeline's other exporters. A flush the metrics pipelines do not
/// take (refused or failed) is logged and counted (<c>minicollector_connector_spanmetrics_failed_data_points</c>);
/// with cumulative temporality the next flush carries the same totals, with delta what the failed flush held is
/// lost. Shutdown sends what is held in one last flush; the reference stops its ticker without flushing.
/// </remarks>
internal sealed class SpanMetricsConnector : IConnector
{
    private readonly ComponentContext _context;
    private readonly SpanMetricsOptions _options;
    private readonly IConsumer _next;
    private readonly TimeProvider _time;
    private readonly SpanMetricsAggregator _aggregator;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private ITimer? _timer;
    private long _sentPoints;
    private long _failedPoints;
    private long _failedFlushes;

    public SpanMetricsConnector(ComponentContext context, SpanMetricsOptions options, IConsumer next)
    {
        _context = context;
        _options = options;
        _next = next;
        _time = context.Time;
        _aggregator = new SpanMetricsAggregator(options);
        RegisterMetrics(context.Meter);
    }

    /// <inheritdoc />
    public bool MutatesData => false;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.DimensionsCacheSize > 0)
        {
            _context.Logger.LogWarning("dimensions_cache_size is deprecated (as in the reference) and has no effect: use aggregation_cardinality_limit to bound the series");
        }

        var interval = _options.MetricsFlushInterval;
        _timer = _time.CreateTimer(static state => _ = ((SpanMetricsConnector)state!).FlushAsync(CancellationToken.None), this, interval, interval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var traces = (ExportTraceServiceRequest)request.Model;
        long now = NowNanos();
        lock (_lock)
        {
            _aggregator.Add(traces, now);
        }

        return ValueTask.FromResult(ConsumeResult.Success);
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        if (_timer is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends what is held now to the metrics pipelines (the timer's work; tests and shutdown call it too).</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            (ExportMetricsServiceRequest Request, int Points)? built;
            lock (_lock)
            {
                built = _aggregator.Flush(NowNanos());
            }

            if (built is { } metrics)
            {
                await SendAsync(metrics.Request, metrics.Points, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task SendAsync(ExportMetricsServiceRequest metrics, int points, CancellationToken cancellationToken)
    {
        ConsumeResult result;
        try
        {
            var request = TelemetryRequest<ExportMetricsServiceRequest>.FromModel(MetricsKind.Instance, metrics, itemCount: points);
            result = await _next.ConsumeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            result = ConsumeResult.Fail(ex.Message);
        }

        if (result.IsAccepted)
        {
            Interlocked.Add(ref _sentPoints, points - result.RejectedItems);
            if (result.RejectedItems > 0)
            {
                Interlocked.Add(ref _failedPoints, result.RejectedItems);
                _context.Logger.LogWarning("The metrics pipelines rejected {Rejected} of the {Points} span metrics data points of a flush: {Message}", result.RejectedItems, points, result.Message);
            }

            return;
        }

        Interlocked.Add(ref _failedPoints, points);
        Interlocked.Increment(ref _failedFlushes);
        var lost = _options.Temporality == SpanMetricsTemporality.Delta
            ? "their delta counts are lost"
            : "the next flush carries the same totals";
        _context.Logger.LogError("The metrics pipelines did not take a flush of {Points} span metrics data points ({Outcome}: {Message}); {Consequence}", points, result.Outcome, result.Message, lost);
    }

    private long NowNanos() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private void RegisterMetrics(CollectorMeter meter)
    {
        var label = Label.Of("connector", _context.Id.ToString());
        meter.Gauge("minicollector_connector_spanmetrics_series", "{series}", "Series the spanmetrics connector holds, over every resource and metric", () => { lock (_lock) { return _aggregator.SeriesCount; } }, label);
        meter.Counter("minicollector_connector_spanmetrics_sent_data_points", "{datapoints}", "Data points the spanmetrics connector's flushes delivered to the metrics pipelines", () => Interlocked.Read(ref _sentPoints), label);
        meter.Counter("minicollector_connector_spanmetrics_failed_data_points", "{datapoints}", "Data points of flushes the metrics pipelines refused, rejected or failed", () => Interlocked.Read(ref _failedPoints), label);
        meter.Counter("minicollector_connector_spanmetrics_failed_flushes", "{flushes}", "Flushes the metrics pipelines did not take", () => Interlocked.Read(ref _failedFlushes), label);
        meter.Counter("minicollector_connector_spanmetrics_overflow_spans", "{spans}", "Spans counted into the otel.metric.overflow series because aggregation_cardinality_limit was reached", () => { lock (_lock) { return _aggregator.OverflowSpans; } }, label);
    }
}
