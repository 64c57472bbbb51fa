using System.Collections.Concurrent;
using MiniCollector.Exporters.Sending;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Tests.LoadBalancing;

/// <summary>
/// In-process downstreams for the load balancer's unit tests, one per endpoint: each answers every attempt as its
/// script says (accept by default) and records the spans it accepted, so a test sees which backend got what and how often.
/// </summary>
internal sealed class ScriptedBackends
{
    private readonly ConcurrentDictionary<string, Backend> _backends = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly List<(long Count, TaskCompletionSource Reached)> _waiters = [];
    private long _delivered;

    /// <summary>Spans accepted, over every backend.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>The client factory the exporter calls for each endpoint.</summary>
    public IRequestSender ClientFor(string endpoint) => _backends.GetOrAdd(endpoint, e => new Backend(this, e));

    /// <summary>Makes <paramref name="endpoint"/> refuse every attempt with a retryable failure (as a stopped backend does).</summary>
    public void Down(string endpoint) => Get(endpoint).IsUp = false;

    /// <summary>Makes <paramref name="endpoint"/> accept again.</summary>
    public void Up(string endpoint) => Get(endpoint).IsUp = true;

    /// <summary>The span names <paramref name="endpoint"/> accepted, in order.</summary>
    public IReadOnlyList<string> SpansAt(string endpoint) => _backends.TryGetValue(endpoint, out var b) ? [.. b.Spans] : [];

    /// <summary>Attempts that reached <paramref name="endpoint"/>, accepted or not.</summary>
    public int AttemptsAt(string endpoint) => _backends.TryGetValue(endpoint, out var b) ? b.Attempts : 0;

    /// <summary>Every accepted span name, over every backend.</summary>
    public IReadOnlyList<string> AllSpans => [.. _backends.Values.SelectMany(b => b.Spans)];

    /// <summary>Completes once <paramref name="count"/> spans were accepted in all (bounded, as a hang guard).</summary>
    public async Task WhenDeliveredAsync(long count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (Delivered >= count)
            {
                return;
            }

            _waiters.Add((count, reached));
        }

        await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private Backend Get(string endpoint) => (Backend)ClientFor(endpoint);

    private void Accepted(int spans)
    {
        long total = Interlocked.Add(ref _delivered, spans);
        lock (_lock)
        {
            _waiters.RemoveAll(w =>
            {
                if (total < w.Count)
                {
                    return false;
                }

                w.Reached.TrySetResult();
                return true;
            });
        }
    }

    private sealed class Backend(ScriptedBackends owner, string endpoint) : IRequestSender
    {
        private int _attempts;

        public string Endpoint { get; } = endpoint;

        public volatile bool IsUp = true;

        public ConcurrentQueue<string> Spans { get; } = new();

        public int Attempts => Volatile.Read(ref _attempts);

        public Task<ExportAttempt> SendAsync(TelemetryRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            if (!IsUp)
            {
                return Task.FromResult(ExportAttempt.Retry($"cannot reach {Endpoint}: connection refused"));
            }

            // Decoded from the bytes, as a real downstream would receive them.
            var message = ExportTraceServiceRequest.Parser.ParseFrom(request.Bytes.Span);
            int count = 0;
            foreach (var span in message.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
            {
                Spans.Enqueue(span.Name);
                count++;
            }

            owner.Accepted(count);
            return Task.FromResult(ExportAttempt.Sent());
        }
    }
}
