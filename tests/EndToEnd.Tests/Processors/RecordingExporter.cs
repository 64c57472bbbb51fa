using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.EndToEnd.Tests.Processors;

/// <summary>
/// A test exporter (type <c>recording</c>) that keeps every span and log record it receives with its resource, decoded
/// from the bytes it was handed (what an exporter would send), and lets a test wait for them without polling.
/// </summary>
internal sealed class RecordingExporter : IExporter
{
    private readonly Lock _lock = new();
    private readonly List<(OtlpResource Resource, Span Span)> _spans = [];
    private readonly List<(OtlpResource Resource, LogRecord Record)> _logs = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool MutatesData => false;

    public IReadOnlyList<(OtlpResource Resource, Span Span)> Spans
    {
        get
        {
            lock (_lock)
            {
                return [.. _spans];
            }
        }
    }

    public IReadOnlyList<(OtlpResource Resource, LogRecord Record)> Logs
    {
        get
        {
            lock (_lock)
            {
                return [.. _logs];
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (request.Signal == Signal.Traces)
            {
                foreach (var resource in ExportTraceServiceRequest.Parser.ParseFrom(request.Bytes.Span).ResourceSpans)
                {
                    _spans.AddRange(resource.ScopeSpans.SelectMany(s => s.Spans).Select(s => (resource.Resource ?? new OtlpResource(), s)));
                }
            }
            else if (request.Signal == Signal.Logs)
            {
                foreach (var resource in ExportLogsServiceRequest.Parser.ParseFrom(request.Bytes.Span).ResourceLogs)
                {
                    _logs.AddRange(resource.ScopeLogs.SelectMany(s => s.LogRecords).Select(r => (resource.Resource ?? new OtlpResource(), r)));
                }
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return ValueTask.FromResult(ConsumeResult.Success);
    }

    /// <summary>Waits until the condition holds; the guard only stops a hung test, it is not a timing assertion.</summary>
    public async Task WaitUntilAsync(Func<RecordingExporter, bool> condition, Func<string> describe)
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
}

/// <summary>Registers one <see cref="RecordingExporter"/> as type <c>recording</c>.</summary>
internal sealed class RecordingExporterFactory() : ExporterFactory(new("recording", [Signal.Traces, Signal.Metrics, Signal.Logs]), Bind)
{
    public RecordingExporter Instance { get; } = new();

    public override IExporter Create(ComponentContext context, object options) => Instance;

    private static object Bind(ConfigSection section, string typeAsWritten)
    {
        section.ReportUnknownKeys();
        return new object();
    }
}
