using System.Collections.Concurrent;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.EndToEnd.Tests.TestSupport;

/// <summary>
/// A test exporter (type <c>sink</c>), one per component id, keeping every request it is handed decoded from its bytes
/// (what an exporter would send), and letting a test wait for what it expects without polling.
/// </summary>
internal sealed class SinkExporter : IExporter
{
    private readonly Lock _lock = new();
    private readonly List<ExportTraceServiceRequest> _traces = [];
    private readonly List<ExportMetricsServiceRequest> _metrics = [];
    private readonly List<ExportLogsServiceRequest> _logs = [];
    private readonly List<ClientMetadata> _metadata = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool MutatesData => false;

    public IReadOnlyList<ExportTraceServiceRequest> TraceRequests => Snapshot(_traces);

    public IReadOnlyList<ExportMetricsServiceRequest> MetricRequests => Snapshot(_metrics);

    public IReadOnlyList<ExportLogsServiceRequest> LogRequests => Snapshot(_logs);

    /// <summary>Every span received, with its resource.</summary>
    public IReadOnlyList<(OtlpResource Resource, Span Span)> Spans
        => [.. TraceRequests.SelectMany(r => r.ResourceSpans).SelectMany(r => r.ScopeSpans.SelectMany(s => s.Spans).Select(s => (r.Resource ?? new OtlpResource(), s)))];

    /// <summary>Every log record received, with its resource.</summary>
    public IReadOnlyList<(OtlpResource Resource, LogRecord Record)> Logs
        => [.. LogRequests.SelectMany(r => r.ResourceLogs).SelectMany(r => r.ScopeLogs.SelectMany(s => s.LogRecords).Select(l => (r.Resource ?? new OtlpResource(), l)))];

    /// <summary>The metadata of every request, in arrival order.</summary>
    public IReadOnlyList<ClientMetadata> Metadata => Snapshot(_metadata);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            switch (request.Signal)
            {
                case Signal.Traces:
                    _traces.Add(ExportTraceServiceRequest.Parser.ParseFrom(request.Bytes.Span));
                    break;
                case Signal.Metrics:
                    _metrics.Add(ExportMetricsServiceRequest.Parser.ParseFrom(request.Bytes.Span));
                    break;
                default:
                    _logs.Add(ExportLogsServiceRequest.Parser.ParseFrom(request.Bytes.Span));
                    break;
            }

            _metadata.Add(request.Metadata);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return ValueTask.FromResult(ConsumeResult.Success);
    }

    /// <summary>Waits until the condition holds; the guard only stops a hung test, it is not a timing assertion.</summary>
    public async Task WaitUntilAsync(Func<SinkExporter, bool> condition, Func<string> describe)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Task next;
            lock (_lock)
            {
                next = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await next.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("gave up waiting: " + describe());
            }
        }
    }

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }
}

/// <summary>Registers type <c>sink</c>: one <see cref="SinkExporter"/> per component id (<c>sink</c>, <c>sink/a</c>, <c>sink/b</c>).</summary>
internal sealed class SinkExporterFactory() : ExporterFactory(new("sink", [Signal.Traces, Signal.Metrics, Signal.Logs]), Bind)
{
    private readonly ConcurrentDictionary<string, SinkExporter> _sinks = new(StringComparer.Ordinal);

    /// <summary>The sink of one component id (created on first use, so a test can hold it before the collector starts).</summary>
    public SinkExporter this[string id] => _sinks.GetOrAdd(id, _ => new SinkExporter());

    public override IExporter Create(ComponentContext context, object options) => this[context.Id.ToString()];

    private static object Bind(ConfigSection section, string typeAsWritten)
    {
        section.ReportUnknownKeys();
        return new object();
    }
}
