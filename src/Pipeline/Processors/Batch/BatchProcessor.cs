using Google.Protobuf;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Processors.Batch;

/// <summary>
/// The <c>batch</c> processor of one pipeline: buffers requests and sends them on as one request when
/// <c>send_batch_size</c> items are buffered or <c>timeout</c> elapses, split to <c>send_batch_max_size</c>.
/// </summary>
/// <remarks>
/// Unlike the reference (which answers success as soon as data is buffered and then only logs export errors),
/// each caller waits for the send its data went out in and gets that send's result, so refusals and failures
/// downstream reach the client as retryable or permanent errors and nothing is dropped silently.
/// </remarks>
public sealed class BatchProcessor<T> : IProcessor, IShutdownAware, ITelemetryProducer
    where T : class, IMessage<T>, new()
{
    private readonly ComponentContext _context;
    private readonly BatchOptions _options;
    private readonly SignalKind<T> _kind;
    private readonly IConsumer _next;
    private readonly Dictionary<string, Batcher> _shards = new(StringComparer.Ordinal);
    private readonly Lock _shardsLock = new();
    private readonly HashSet<Task> _sends = [];
    // Draining: buffered data has been sent and new data goes on at once. Stopped: new data is refused.
    private volatile bool _draining;
    private volatile bool _stopped;

    // Buffers taken for sending whose send is not yet tracked in _sends.
    private int _taking;
    private long _sizeTriggered;
    private long _timeoutTriggered;

    public BatchProcessor(ComponentContext context, BatchOptions options, SignalKind<T> kind, IConsumer next)
    {
        _context = context;
        _options = options;
        _kind = kind;
        _next = next;
    }

    /// <inheritdoc />
    public bool MutatesData => false;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return ValueTask.FromResult(ConsumeResult.Refuse("the collector is shutting down"));
        }

        var batcher = ShardFor(request);
        if (batcher is null)
        {
            return ValueTask.FromResult(ConsumeResult.Fail("too many batcher metadata-value combinations"));
        }

        return new ValueTask<ConsumeResult>(batcher.Add((TelemetryRequest<T>)request));
    }

    /// <inheritdoc />
    public void Collect(TelemetryCollector collector)
    {
        var label = Label.Of("processor", _context.Id.ToString());
        collector.Counter("otelcol_processor_batch_batch_size_trigger_send", "Batches sent because they reached send_batch_size", Interlocked.Read(ref _sizeTriggered), label);
        collector.Counter("otelcol_processor_batch_timeout_trigger_send", "Batches sent because the timeout elapsed", Interlocked.Read(ref _timeoutTriggered), label);
    }

    /// <inheritdoc />
    public void OnShutdownBegins()
    {
        _draining = true;
        FlushAll();
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        _stopped = true;
        FlushAll();

        // A timer flush may have taken a buffer just before ours and register its send a moment later,
        // so wait until nothing is being taken and no send is left, rather than for one snapshot.
        while (true)
        {
            Task[] sends;
            lock (_sends)
            {
                sends = [.. _sends];
            }

            if (sends.Length == 0)
            {
                if (Volatile.Read(ref _taking) == 0)
                {
                    break;
                }

                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await Task.WhenAll(sends).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void FlushAll()
    {
        Batcher[] shards;
        lock (_shardsLock)
        {
            shards = [.. _shards.Values];
        }

        foreach (var shard in shards)
        {
            shard.Flush();
        }
    }

    private Batcher? ShardFor(TelemetryRequest request)
    {
        var key = string.Empty;
        if (_options.MetadataKeys.Count > 0)
        {
            var parts = new string[_options.MetadataKeys.Count];
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = string.Join(",", request.Metadata.Get(_options.MetadataKeys[i]));
            }

            key = string.Join("\u0000", parts);
        }

        lock (_shardsLock)
        {
            if (_shards.TryGetValue(key, out var batcher))
            {
                return batcher;
            }

            if (_options.MetadataKeys.Count > 0 && _shards.Count >= _options.MetadataCardinalityLimit)
            {
                return null;
            }

            batcher = new Batcher(this, request.Metadata);
            _shards[key] = batcher;
            return batcher;
        }
    }

    private void Track(Task send)
    {
        lock (_sends)
        {
            _sends.Add(send);
        }

        send.ContinueWith(
            static (t, state) =>
            {
                var sends = (HashSet<Task>)state!;
                lock (sends)
                {
                    sends.Remove(t);
                }
            },
            _sends,
            TaskScheduler.Default);
    }

    private async Task SendAsync(List<TelemetryRequest<T>> parts, List<TaskCompletionSource<ConsumeResult>> waiters, ClientMetadata metadata)
    {
        ConsumeResult result;
        try
        {
            var merged = parts.Count == 1 ? parts[0] : TelemetryRequest<T>.Concat(_kind, parts, metadata);
            if (_options.SendBatchMaxSize > 0 && merged.ItemCount > _options.SendBatchMaxSize)
            {
                result = ConsumeResult.Success;
                foreach (var piece in _kind.Split(merged, _options.SendBatchMaxSize))
                {
                    result = result.CombineWith(await _next.ConsumeAsync(piece, CancellationToken.None).ConfigureAwait(false));
                }
            }
            else
            {
                result = await _next.ConsumeAsync(merged, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _context.Logger.LogError(ex, "Sending a batch failed");
            result = ConsumeResult.Fail("batch processor: " + ex.Message);
        }

        if (!result.IsAccepted)
        {
            _context.Logger.LogWarning("Batch of {Items} {Noun} was not accepted downstream ({Outcome}): {Message}", CountItems(parts), _kind.Signal.ItemNoun(), result.Outcome, result.Message);
        }

        // Rejected counts belong to the batch as a whole; with several callers only the message can be passed on.
        var share = waiters.Count == 1 || result.RejectedItems == 0 ? result : ConsumeResult.Partial(0, result.Message ?? string.Empty);
        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(share);
        }
    }

    private static int CountItems(List<TelemetryRequest<T>> parts)
    {
        int n = 0;
        foreach (var p in parts)
        {
            n += p.ItemCount;
        }

        return n;
    }

    /// <summary>The buffer of one metadata combination.</summary>
    private sealed class Batcher
    {
        private readonly BatchProcessor<T> _owner;
        private readonly ClientMetadata _metadata;
        private readonly Lock _lock = new();
        private readonly Timer _timer;
        private List<TelemetryRequest<T>> _parts = [];
        private List<TaskCompletionSource<ConsumeResult>> _waiters = [];
        private int _items;

        public Batcher(BatchProcessor<T> owner, ClientMetadata metadata)
        {
            _owner = owner;
            _metadata = metadata;
            _timer = new Timer(static s => ((Batcher)s!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
        }

        public Task<ConsumeResult> Add(TelemetryRequest<T> request)
        {
            var waiter = new TaskCompletionSource<ConsumeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            bool send;
            lock (_lock)
            {
                _parts.Add(request);
                _waiters.Add(waiter);
                _items += request.ItemCount;
                send = _owner._options.Timeout == TimeSpan.Zero || _items >= _owner._options.SendBatchSize || _owner._draining;
                if (!send && _parts.Count == 1)
                {
                    _timer.Change(_owner._options.Timeout, Timeout.InfiniteTimeSpan);
                }
            }

            if (send)
            {
                Interlocked.Increment(ref _owner._sizeTriggered);
                Flush();
            }

            return waiter.Task;
        }

        public void Flush()
        {
            List<TelemetryRequest<T>> parts;
            List<TaskCompletionSource<ConsumeResult>> waiters;
            lock (_lock)
            {
                if (_parts.Count == 0)
                {
                    return;
                }

                Interlocked.Increment(ref _owner._taking);
                parts = _parts;
                waiters = _waiters;
                _parts = [];
                _waiters = [];
                _items = 0;
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
            }

            _owner.Track(_owner.SendAsync(parts, waiters, _metadata));
            Interlocked.Decrement(ref _owner._taking);
        }

        private void OnTimer()
        {
            Interlocked.Increment(ref _owner._timeoutTriggered);
            Flush();
        }
    }
}
