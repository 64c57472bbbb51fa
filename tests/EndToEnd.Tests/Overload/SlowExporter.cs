using System.Collections.Concurrent;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.EndToEnd.Tests.Overload;

/// <summary>
/// A test exporter (type <c>slow</c>) that drains slower than clients send: one request at a time, each held for
/// <see cref="Hold"/> before it is accepted. It records every span name that arrived, with how often.
/// </summary>
internal sealed class SlowExporter(TimeSpan hold) : IExporter
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private long _requests;

    public TimeSpan Hold { get; } = hold;

    /// <summary>Span name → arrivals.</summary>
    public ConcurrentDictionary<string, int> Arrivals { get; } = new(StringComparer.Ordinal);

    /// <summary>Export requests handled.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public bool MutatesData => false;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(CancellationToken.None);
        try
        {
            // Not cancellable: a request this exporter took is finished, as a real export in flight would be.
            await Task.Delay(Hold, CancellationToken.None);
            if (request.Model is ExportTraceServiceRequest traces)
            {
                foreach (var resource in traces.ResourceSpans)
                {
                    foreach (var scope in resource.ScopeSpans)
                    {
                        foreach (var span in scope.Spans)
                        {
                            Arrivals.AddOrUpdate(span.Name, 1, (_, n) => n + 1);
                        }
                    }
                }
            }

            Interlocked.Increment(ref _requests);
            return ConsumeResult.Success;
        }
        finally
        {
            _one.Release();
        }
    }
}

/// <summary>Registers <see cref="SlowExporter"/> as type <c>slow</c> (key <c>hold</c>, a duration, default 50ms).</summary>
internal sealed class SlowExporterFactory() : ExporterFactory(new("slow", [Signal.Traces]), Bind)
{
    public SlowExporter? Instance { get; private set; }

    public override IExporter Create(ComponentContext context, object options) => Instance = new SlowExporter((TimeSpan)options);

    private static object Bind(ConfigSection section, string typeAsWritten)
    {
        var hold = section.Duration("hold", TimeSpan.FromMilliseconds(50));
        section.ReportUnknownKeys();
        return hold;
    }
}
