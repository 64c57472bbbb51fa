using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Processors.Batch;

/// <summary>
/// The <c>batch</c> processor of one pipeline: buffers requests and sends them on as one request when
/// <c>send_batch_size</c> items are buffered or <c>timeout</c> elapses, split to <c>send_batch_max_size</c>.
/// </summary>
/// <remarks>
/// A request is answered as soon as it is in the buffer (as the reference does), because an SDK exports one batch
/// at a time and a client waiting for the batch timeout drops data in the application. Unlike the reference the
/// buffer is bounded: when it is full the request is refused with a retryable error, so the client keeps the data.
/// What the downstream refuses for now stays buffered, in order, and is sent again; what it rejects for good is
/// logged and counted. Shutdown sends everything buffered, retrying until the shutdown deadline.
/// </remarks>
public sealed class BatchProcessor : IProcessor, IShutdownAware
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ClientRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(10);

    private readonly ComponentContext _context;
    private readonly BatchOptions _options;
    private readonly SignalKind _kind;
    private readonly IConsumer _next;
    private readonly TimeProvider _time;
    private readonly long _capacity;
    private readonly Dictionary<string, Shard> _shards = new(StringComparer.Ordinal);
    private readonly Lock _shardsLock = new();
    private readonly CancellationTokenSource _abort = new();

    // Draining: everything buffered goes out at once and new data is sent without waiting. Stopped: new data is refused.
    private volatile bool _draining;
    private volatile bool _stopped;
    private readonly LogThrottle _refusalLog;

    // Items buffered or being sent, over every shard: what the capacity bounds.
    private long _held;
    private long _sizeTriggered;
    private long _timeoutTriggered;
    private long _refusedItems;
    private readonly ReasonCounters _dropped = new();

    public BatchProcessor(ComponentContext context, BatchOptions options, SignalKind kind, IConsumer next, TimeProvider? time = null)
    {
        _context = context;
        _options = options;
        _kind = kind;
        _next = next;
        _time = time ?? context.Time;
        _capacity = options.BufferCapacity;
        _refusalLog = new LogThrottle(_time, RefusalLogInterval);
        RegisterMetrics(context.Meter);
    }

    /// <inheritdoc />
    public bool MutatesData => false;

    /// <summary>Items buffered or being sent now.</summary>
    public long HeldItems => Interlocked.Read(ref _held);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return ValueTask.FromResult(ConsumeResult.Refuse("the collector is shutting down", reason: DropReason.Shutdown));
        }

        var shard = ShardFor(request);
        if (shard is null)
        {
            return ValueTask.FromResult(ConsumeResult.Fail("too many batcher metadata-value combinations", DropReason.MetadataCardinalityLimit));
        }

        int items = request.ItemCount;
        long held = Interlocked.Add(ref _held, items);

        // A request larger than the whole buffer is still taken when nothing else is held, or it could never pass.
        if (held > _capacity && held != items)
        {
            Interlocked.Add(ref _held, -items);
            long refused = Interlocked.Add(ref _refusedItems, items);
            LogRefusal(refused);
            return ValueTask.FromResult(ConsumeResult.Refuse($"batch processor {_context.Id}: buffer full ({_capacity} items)", ClientRetryAfter, DropReason.BatchBufferFull));
        }

        shard.Add(request);
        return ValueTask.FromResult(ConsumeResult.Success);
    }

    /// <inheritdoc />
    public void OnShutdownBegins()
    {
        _draining = true;
        KickAll();
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        _stopped = true;
        KickAll();
        try
        {
            while (Interlocked.Read(ref _held) > 0)
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            long unsent = Interlocked.Read(ref _held);
            _dropped.Add(_kind.Signal, DropReason.Shutdown, unsent);
            _context.Logger.LogError("Shutdown deadline reached: {Items} {Noun} buffered in the batch processor could not be sent and were dropped", unsent, _kind.Signal.ItemNoun());
        }
    }

    private void RegisterMetrics(CollectorMeter meter)
    {
        var label = Label.Of("processor", _context.Id.ToString());
        meter.Counter("otelcol_processor_batch_batch_size_trigger_send", "{batches}", "Batches sent because they reached send_batch_size", () => Interlocked.Read(ref _sizeTriggered), label);
        meter.Counter("otelcol_processor_batch_timeout_trigger_send", "{batches}", "Batches sent because the timeout elapsed", () => Interlocked.Read(ref _timeoutTriggered), label);
        meter.Gauge("otelcol_processor_batch_buffered_items", "{items}", "Items buffered or being sent by the batch processor", () => HeldItems, label);
        meter.Gauge("otelcol_processor_batch_buffer_capacity_items", "{items}", "Most items the batch processor holds before refusing data", () => _capacity, label);
        meter.Counter("otelcol_processor_batch_refused_items", "{items}", "Items refused (retryable) because the batch buffer was full", () => Interlocked.Read(ref _refusedItems), label);
        const string dropped = "Buffered items given up on: rejected for good downstream, or unsent at the shutdown deadline";
        meter.Counter("otelcol_processor_batch_dropped_items", "{items}", dropped, () => _dropped.Total, label);
        meter.CounterBy("minicollector_processor_batch_dropped_items", "{items}", dropped + ", by reason", "reason", () => _dropped.ByReason(_kind.Signal), label);
    }

    // At most one line every ten seconds however many requests are refused.
    private void LogRefusal(long refusedSoFar)
    {
        if (_refusalLog.Allow())
        {
            _context.Logger.LogWarning("Refusing data: the batch buffer is full ({Capacity} items buffered or being sent); clients are told to retry ({Refused} items refused so far). The downstream is slower than the input or refusing it.", _capacity, refusedSoFar);
        }
    }

    private void KickAll()
    {
        Shard[] shards;
        lock (_shardsLock)
        {
            shards = [.. _shards.Values];
        }

        foreach (var shard in shards)
        {
            shard.Kick();
        }
    }

    private Shard? ShardFor(TelemetryRequest request)
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
            if (_shards.TryGetValue(key, out var shard))
            {
                return shard;
            }

            if (_options.MetadataKeys.Count > 0 && _shards.Count >= _options.MetadataCardinalityLimit)
            {
                return null;
            }

            shard = new Shard(this, request.Metadata);
            _shards[key] = shard;
            return shard;
        }
    }

    private void Release(int items) => Interlocked.Add(ref _held, -items);

    /// <summary>
    /// The buffer of one metadata combination and its sender: one send at a time, oldest data first, so what the
    /// downstream refused goes out again before anything newer.
    /// </summary>
    private sealed class Shard
    {
        private readonly BatchProcessor _owner;
        private readonly ClientMetadata _metadata;
        private readonly Lock _lock = new();
        private readonly ITimer _timer;
        private readonly List<TelemetryRequest> _pending = [];
        private int _pendingItems;

        // A send loop is running (or queued to run); only it takes from _pending.
        private bool _running;
        private bool _timerArmed;
        private bool _timeoutDue;

        public Shard(BatchProcessor owner, ClientMetadata metadata)
        {
            _owner = owner;
            _metadata = metadata;
            _timer = owner._time.CreateTimer(static s => ((Shard)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        private BatchOptions Options => _owner._options;

        public void Add(TelemetryRequest request)
        {
            bool start;
            lock (_lock)
            {
                _pending.Add(request);
                _pendingItems += request.ItemCount;
                start = StartIfReady();
            }

            if (start)
            {
                Schedule();
            }
        }

        /// <summary>Starts sending what is pending now, whatever its size (shutdown).</summary>
        public void Kick()
        {
            bool start;
            lock (_lock)
            {
                start = StartIfReady();
            }

            if (start)
            {
                Schedule();
            }
        }

        private void OnTimer()
        {
            bool start;
            lock (_lock)
            {
                _timerArmed = false;
                _timeoutDue = true;
                start = StartIfReady();
            }

            if (start)
            {
                Schedule();
            }
        }

        // Under the lock: true when the caller must start the send loop; otherwise makes sure the timer runs.
        private bool StartIfReady()
        {
            if (_running)
            {
                return false;
            }

            if (Ready())
            {
                _running = true;
                return true;
            }

            ArmTimerIfIdle();
            return false;
        }

        private bool Ready() => _pendingItems > 0
            && (_pendingItems >= Options.SendBatchSize || _timeoutDue || _owner._draining || Options.Timeout == TimeSpan.Zero);

        private void ArmTimerIfIdle()
        {
            if (_pendingItems > 0 && !_timerArmed && Options.Timeout > TimeSpan.Zero)
            {
                _timerArmed = true;
                _timer.Change(Options.Timeout, Timeout.InfiniteTimeSpan);
            }
        }

        private void Schedule() => ThreadPool.UnsafeQueueUserWorkItem(static s => _ = ((Shard)s!).RunAsync(), this, preferLocal: false);

        private async Task RunAsync()
        {
            var delay = FirstRetryDelay;
            while (true)
            {
                List<TelemetryRequest> taken;
                bool complete;
                lock (_lock)
                {
                    if (!Ready())
                    {
                        _running = false;
                        ArmTimerIfIdle();
                        return;
                    }

                    bool bySize = _pendingItems >= Options.SendBatchSize && Options.SendBatchSize > 0;
                    Interlocked.Increment(ref bySize ? ref _owner._sizeTriggered : ref _owner._timeoutTriggered);

                    // Timeout, shutdown or no size: everything taken goes out, a remainder included.
                    complete = !bySize || _owner._draining || Options.Timeout == TimeSpan.Zero;
                    taken = Take();

                    // A timeout sends everything buffered, one batch after another.
                    _timeoutDue = complete && _pendingItems > 0;
                    _timerArmed = false;
                    _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }

                var pieces = Pieces(taken, complete);
                bool refused = false;
                for (int i = 0; i < pieces.Count && !refused; i++)
                {
                    var outcome = await SendAsync(pieces[i]).ConfigureAwait(false);
                    if (outcome == ConsumeOutcome.Refused)
                    {
                        refused = true;
                        PutBack(pieces, i);
                    }
                }

                if (!refused)
                {
                    delay = FirstRetryDelay;
                    continue;
                }

                try
                {
                    await Task.Delay(delay, _owner._time, _owner._abort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The shutdown deadline passed: ShutdownAsync has counted what is left.
                    lock (_lock)
                    {
                        _running = false;
                    }

                    return;
                }

                delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
            }
        }

        // Under the lock: the oldest requests, up to send_batch_max_size items (the last one may straddle it, and is
        // cut by Pieces); without a maximum, whole requests until send_batch_size is reached. What piled up while a
        // send was in flight thus goes out in batches of about send_batch_size, as the reference's (which sends the
        // moment it reaches the size) would, not as one request holding all of it.
        private List<TelemetryRequest> Take()
        {
            int limit = Options.SendBatchMaxSize > 0 ? Options.SendBatchMaxSize : Options.SendBatchSize;
            int count = _pending.Count;
            int items = _pendingItems;
            if (limit > 0)
            {
                count = 0;
                items = 0;
                while (count < _pending.Count && items < limit)
                {
                    items += _pending[count].ItemCount;
                    count++;
                }
            }

            var taken = _pending.GetRange(0, count);
            _pending.RemoveRange(0, count);
            _pendingItems -= items;
            return taken;
        }

        // The requests to send: merged, cut to send_batch_max_size. A last piece under send_batch_size goes back to
        // the front of the buffer unless this send must take everything, as the reference keeps its remainder.
        private List<TelemetryRequest> Pieces(List<TelemetryRequest> taken, bool complete)
        {
            var merged = taken.Count == 1 ? taken[0] : _owner._kind.Concat(taken, _metadata);
            int max = Options.SendBatchMaxSize;
            if (max <= 0 || merged.ItemCount <= max)
            {
                return [merged];
            }

            var pieces = new List<TelemetryRequest>(_owner._kind.Split(merged, max));
            var last = pieces[^1];
            if (!complete && pieces.Count > 1 && last.ItemCount < Options.SendBatchSize)
            {
                pieces.RemoveAt(pieces.Count - 1);
                lock (_lock)
                {
                    _pending.Insert(0, last);
                    _pendingItems += last.ItemCount;
                    ArmTimerIfIdle();
                }
            }

            return pieces;
        }

        // What the downstream refused goes back to the front, ahead of newer data, and is due at once.
        private void PutBack(List<TelemetryRequest> pieces, int from)
        {
            lock (_lock)
            {
                for (int i = pieces.Count - 1; i >= from; i--)
                {
                    _pending.Insert(0, pieces[i]);
                    _pendingItems += pieces[i].ItemCount;
                }

                _timeoutDue = true;
            }
        }

        private async Task<ConsumeOutcome> SendAsync(TelemetryRequest piece)
        {
            ConsumeResult result;
            try
            {
                result = await _owner._next.ConsumeAsync(piece, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _owner._context.Logger.LogError(ex, "Sending a batch failed");
                result = ConsumeResult.Fail(ex.Message);
            }

            switch (result.Outcome)
            {
                case ConsumeOutcome.Accepted:
                    _owner.Release(piece.ItemCount);
                    break;
                case ConsumeOutcome.Refused:
                    _owner._context.Logger.LogDebug("Batch of {Items} {Noun} refused downstream for now, kept to send again: {Message}", piece.ItemCount, _owner._kind.Signal.ItemNoun(), result.Message);
                    break;
                default:
                    _owner.Release(piece.ItemCount);
                    _owner._dropped.Add(_owner._kind.Signal, result.Reason, piece.ItemCount);
                    _owner._context.Logger.LogError("Dropping a batch of {Items} {Noun}: the downstream rejected it for good ({Outcome}): {Message}", piece.ItemCount, _owner._kind.Signal.ItemNoun(), result.Outcome, result.Message);
                    break;
            }

            return result.Outcome;
        }
    }
}
