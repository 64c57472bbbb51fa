using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Storage;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// The sending queue, batching and retry every network exporter uses (the reference's exporterhelper): requests are
/// queued in memory, or on disk with <c>storage</c>, and sent by at most <c>num_consumers</c> concurrent sends,
/// each retrying retryable failures. A full queue refuses with a retryable error (or waits, with
/// <c>block_on_overflow</c>), so nothing is dropped silently. The caller is answered once its request is queued
/// (for a persistent queue: once it is durable), or with <c>wait_for_result</c> once it was sent.
/// </summary>
public sealed class QueuedRetrySender
{
    private readonly ComponentContext _context;
    private readonly SendingQueueOptions _queue;
    private readonly RetryingSender _sender;
    private readonly TimeProvider _time;
    private readonly Channel<QueueEntry> _channel = Channel.CreateUnbounded<QueueEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly QueueCapacity _capacity;
    private readonly QueueBatcher? _batcher;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _withdraw = new();

    // Aborted or withdrawn: linked once, not per send.
    private readonly CancellationTokenSource _abortOrWithdraw;
    private readonly List<UnsentRequest> _withdrawn = [];
    private readonly HashSet<Task> _sends = [];
    private readonly SignalCounters _unfinished = new();
    private readonly LogThrottle _refusalLog;
    private IPersistentQueue? _store;
    private Task _dispatcher = Task.CompletedTask;
    private volatile bool _stopping;

    /// <param name="counters">Counters to add to, shared by several senders of one exporter; its own when null.</param>
    public QueuedRetrySender(ComponentContext context, SendingQueueOptions queue, RetryOptions retry, IRequestSender sender, TimeProvider? time = null, SenderCounters? counters = null)
    {
        _context = context;
        _abortOrWithdraw = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, _withdraw.Token);
        Counters = counters ?? new SenderCounters();
        _queue = queue;
        _time = time ?? context.Time;
        _sender = new RetryingSender(context, retry, sender, Counters, _time);
        _capacity = new QueueCapacity(queue.QueueSize);
        _batcher = queue.Batch is { } batch ? new QueueBatcher(batch, _time) : null;
        _slots = new SemaphoreSlim(queue.NumConsumers, queue.NumConsumers);
        _refusalLog = new LogThrottle(_time, TimeSpan.FromSeconds(10));
    }

    /// <summary>Item counters.</summary>
    public SenderCounters Counters { get; }

    /// <summary>What waits in the queue, in sizer units (<c>otelcol_exporter_queue_size</c>).</summary>
    public long QueueSize => _queue.Enabled ? _capacity.Used : 0;

    /// <summary>Queue capacity in sizer units (<c>otelcol_exporter_queue_capacity</c>).</summary>
    public long QueueCapacity => _queue.Enabled ? _queue.QueueSize : 0;

    /// <summary>Bytes the persistent queue occupies on disk; zero for an in-memory queue.</summary>
    public long StorageBytes => _store?.SizeOnDisk ?? 0;

    /// <summary>True when the queue is kept by a storage extension.</summary>
    public bool IsPersistent => _queue.Enabled && _queue.Storage is not null;

    /// <summary>Opens the persistent queue (re-queueing what it recovered) and starts sending.</summary>
    public void Start()
    {
        if (!_queue.Enabled)
        {
            return;
        }

        if (_queue.Storage is { } storageId)
        {
            if (!_context.Extensions.TryGetValue(storageId, out var extension) || extension is not IStorageExtension storage)
            {
                throw new ComponentStartException($"exporters::{_context.Id}::sending_queue::storage: \"{storageId}\" is not a storage extension (use file_storage)");
            }

            _store = storage.OpenQueue(ComponentKind.Exporter, _context.Id);
            Recover(_store);
        }

        _dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>
    /// Takes a request: queued (success once queued or durable), sent before answering with <c>wait_for_result</c>,
    /// or sent at once with retries when the queue is disabled.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels waiting (for room, with <c>block_on_overflow</c>, or for the result).</param>
    /// <param name="reserved">Room <see cref="TryReserve"/> reserved for this request, taken instead of reserving again.</param>
    public async ValueTask<ConsumeResult> SubmitAsync(TelemetryRequest request, CancellationToken cancellationToken, long? reserved = null)
    {
        if (_stopping)
        {
            CancelReservation(reserved);
            return ConsumeResult.Refuse($"exporter {_context.Id} is shutting down", reason: DropReason.Shutdown);
        }

        if (!_queue.Enabled)
        {
            try
            {
                return await _sender.SendAsync(request, cancellationToken, _withdraw.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_withdraw.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Withdrawn between attempts: never delivered, so the caller may send it elsewhere.
                return ConsumeResult.Refuse($"exporter {_context.Id} stopped sending to this destination", reason: DropReason.Shutdown);
            }
        }

        long size = reserved ?? _queue.Sizer.SizeOf(request);
        if (reserved is null && !_capacity.TryReserve(size))
        {
            if (!_queue.BlockOnOverflow)
            {
                Counters.EnqueueFailed.Add(request.Signal, request.ItemCount);
                if (_refusalLog.Allow())
                {
                    _context.Logger.LogWarning("Refusing {Items} {Noun}: sending_queue is full ({Capacity} {Unit}); the sender will retry ({Refused} items refused so far, this line at most every 10 s). Try increasing queue_size.", request.ItemCount, request.Signal.ItemNoun(), _queue.QueueSize, QueueSizes.Names[(int)_queue.Sizer], Counters.EnqueueFailedItems);
                }
                return ConsumeResult.Refuse($"sending_queue of exporter {_context.Id} is full", TimeSpan.FromSeconds(1), DropReason.QueueFull);
            }

            await _capacity.ReserveAsync(size, cancellationToken).ConfigureAwait(false);
        }

        StoredRecord? record = null;
        if (_store is not null)
        {
            try
            {
                record = await AppendAsync(_store, request, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                _capacity.Release(size);
                Counters.EnqueueFailed.Add(request.Signal, request.ItemCount);
                _context.Logger.LogError("Refusing {Items} {Noun}: the persistent queue cannot be written ({Reason}); the sender will retry", request.ItemCount, request.Signal.ItemNoun(), ex.Message);
                return ConsumeResult.Refuse($"persistent queue of exporter {_context.Id} cannot be written: {ex.Message}", TimeSpan.FromSeconds(5), DropReason.QueueStorage);
            }
        }

        var waiter = _queue.WaitForResult ? new TaskCompletionSource<ConsumeResult>(TaskCreationOptions.RunContinuationsAsynchronously) : null;

        // A persistent entry keeps only its place on disk: memory stays bounded however long the queue grows.
        var entry = new QueueEntry(record is null ? request : null, record, size, waiter);
        if (!_channel.Writer.TryWrite(entry))
        {
            // Shutdown completed the queue between the check above and now; a stored record stays for the next start.
            _capacity.Release(size);
            return ConsumeResult.Refuse($"exporter {_context.Id} is shutting down", reason: DropReason.Shutdown);
        }

        return waiter is null ? ConsumeResult.Success : await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Stops taking requests. An in-memory queue is drained until <paramref name="cancellationToken"/> fires and what is
    /// still unsent then is counted as failed; a persistent queue stops at once and keeps what is unsent for the next start.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _channel.Writer.TryComplete();
        if (_store is not null)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await _dispatcher.WaitAsync(cancellationToken).ConfigureAwait(false);
            await WhenSendsDoneAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await _dispatcher.ConfigureAwait(false);
            await WhenSendsDoneAsync().ConfigureAwait(false);
        }

        long unsent = _unfinished.Total;
        if (_store is not null)
        {
            if (unsent > 0)
            {
                _context.Logger.LogInformation("{Items} items stay in the persistent queue and will be sent after the next start", unsent);
            }

            await _store.DisposeAsync().ConfigureAwait(false);
        }
        else if (unsent > 0)
        {
            foreach (var signal in Enum.GetValues<Signal>())
            {
                Counters.SendFailed.Add(signal, DropReason.Shutdown, _unfinished[signal]);
            }

            _context.Logger.LogError("Shutdown deadline reached: {Items} items still queued or in flight could not be sent and were dropped", unsent);
        }
    }

    /// <summary>
    /// Reserves the queue's room for <paramref name="request"/> ahead of <see cref="SubmitAsync"/>, so a caller that splits
    /// one request over several queues can queue all its parts or none (a part refused after others were queued would
    /// make the client's retry send those again). False, with nothing reserved, when the queue is full; true with
    /// nothing reserved (<paramref name="reserved"/> null) when there is no queue or it waits for room when full. The
    /// caller counts what it refuses.
    /// </summary>
    public bool TryReserve(TelemetryRequest request, out long? reserved)
    {
        reserved = null;
        if (!_queue.Enabled || _queue.BlockOnOverflow)
        {
            return true;
        }

        long size = _queue.Sizer.SizeOf(request);
        if (!_capacity.TryReserve(size))
        {
            return false;
        }

        reserved = size;
        return true;
    }

    /// <summary>Gives back room <see cref="TryReserve"/> reserved for a request that will not be submitted.</summary>
    public void CancelReservation(long? reserved)
    {
        if (reserved is { } size)
        {
            _capacity.Release(size);
        }
    }

    /// <summary>
    /// Stops taking and sending requests and hands back what was not delivered, for the caller to send elsewhere (a
    /// load balancer whose backend left): queued requests, and requests waiting for their next retry. An attempt under
    /// way is let finish, so its outcome is known, until <paramref name="cancellationToken"/> fires; one cut off then is
    /// handed back too and may have arrived (the only case that can duplicate). Nothing handed back is counted as sent
    /// or failed. An in-memory queue only.
    /// </summary>
    public async Task<IReadOnlyList<UnsentRequest>> WithdrawAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            throw new InvalidOperationException("a persistent queue keeps its requests for the next start; it cannot hand them back");
        }

        _stopping = true;
        _channel.Writer.TryComplete();
        await _withdraw.CancelAsync().ConfigureAwait(false);
        try
        {
            await _dispatcher.WaitAsync(cancellationToken).ConfigureAwait(false);
            await WhenSendsDoneAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await _dispatcher.ConfigureAwait(false);
            await WhenSendsDoneAsync().ConfigureAwait(false);
        }

        lock (_withdrawn)
        {
            return [.. _withdrawn];
        }
    }

    private static ValueTask<StoredRecord> AppendAsync(IPersistentQueue store, TelemetryRequest request, CancellationToken cancellationToken)
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        request.AddSegments(segments);
        return store.AppendAsync(request.Signal, request.ItemCount, segments, cancellationToken);
    }

    private void Recover(IPersistentQueue store)
    {
        long items = 0;
        foreach (var record in store.Recovered)
        {
            long size = _queue.Sizer.SizeOf(record);
            _capacity.ForceReserve(size);
            _channel.Writer.TryWrite(new QueueEntry(null, record, size, null));
            items += record.ItemCount;
        }

        if (store.Recovered.Count > 0)
        {
            _context.Logger.LogInformation("Recovered {Requests} requests ({Items} items) from the persistent queue; sending them first", store.Recovered.Count, items);
        }
    }

    // Reads the queue in order and starts sends, at most num_consumers at once, batching when configured.
    private async Task DispatchAsync()
    {
        var reader = _channel.Reader;
        while (true)
        {
            if (_batcher is null)
            {
                if (!await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    return;
                }

                while (reader.TryRead(out var entry))
                {
                    if (!await StartSendAsync([entry]).ConfigureAwait(false))
                    {
                        Abandon(reader);
                        return;
                    }
                }

                continue;
            }

            bool open = await WaitForEntriesAsync(reader, _batcher.UntilDue()).ConfigureAwait(false);
            while (reader.TryRead(out var entry))
            {
                _batcher.Add(entry, SignalOf(entry));
            }

            var ready = _batcher.TakeReady(all: !open);
            for (int i = 0; i < ready.Count; i++)
            {
                if (!await StartSendAsync(ready[i]).ConfigureAwait(false))
                {
                    // Aborted: the batches not started, what the batcher holds and what is queued stay unfinished.
                    ready.AddRange(_batcher.TakeReady(all: true));
                    for (int j = i + 1; j < ready.Count; j++)
                    {
                        Abandon(ready[j]);
                    }

                    Abandon(reader);
                    return;
                }
            }

            if (!open && !_batcher.HasPending)
            {
                return;
            }
        }
    }

    // False when the queue is complete and empty; returns early when the oldest batch falls due.
    private async Task<bool> WaitForEntriesAsync(ChannelReader<QueueEntry> reader, TimeSpan? due)
    {
        if (due is null)
        {
            return await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (due.Value <= TimeSpan.Zero)
        {
            return !reader.Completion.IsCompleted;
        }

        using var timeout = new CancellationTokenSource(due.Value, _time);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private static Signal SignalOf(QueueEntry entry) => entry.Request?.Signal ?? entry.Record!.Value.Signal;

    // Waits for a free consumer, then sends the entries in the background. False once shutdown aborted sending.
    private async Task<bool> StartSendAsync(List<QueueEntry> entries)
    {
        long size = 0;
        foreach (var entry in entries)
        {
            size += entry.Size;
            _unfinished.Add(SignalOf(entry), entry.ItemCount);
        }

        try
        {
            if (_withdraw.IsCancellationRequested)
            {
                throw new OperationCanceledException(_withdraw.Token);
            }

            await _slots.WaitAsync(_abortOrWithdraw.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Aborted: these stay unfinished (on disk, or counted as failed); the caller abandons the rest.
            _capacity.Release(size);
            if (_withdraw.IsCancellationRequested)
            {
                HandBack(entries, ConsumeResult.Success, null);
                return false;
            }

            foreach (var entry in entries)
            {
                entry.Waiter?.TrySetResult(ConsumeResult.Refuse($"exporter {_context.Id} is shutting down", reason: DropReason.Shutdown));
            }

            return false;
        }

        // Room is given back once a consumer has the data, as the reference's queue counts only what waits.
        _capacity.Release(size);
        var send = SendAsync(entries);
        lock (_sends)
        {
            _sends.Add(send);
        }

        _ = send.ContinueWith(
            static (t, state) =>
            {
                var sends = (HashSet<Task>)state!;
                lock (sends)
                {
                    sends.Remove(t);
                }
            },
            _sends,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return true;
    }

    // Entries that will not be sent in this run: left on disk, or counted by ShutdownAsync as dropped (or handed back).
    private void Abandon(List<QueueEntry> entries)
    {
        if (_withdraw.IsCancellationRequested)
        {
            foreach (var entry in entries)
            {
                _capacity.Release(entry.Size);
                _unfinished.Add(SignalOf(entry), entry.ItemCount);
            }

            HandBack(entries, ConsumeResult.Success, null);
            return;
        }

        foreach (var entry in entries)
        {
            _capacity.Release(entry.Size);
            _unfinished.Add(SignalOf(entry), entry.ItemCount);
            entry.Waiter?.TrySetResult(ConsumeResult.Refuse($"exporter {_context.Id} is shutting down", reason: DropReason.Shutdown));
        }
    }

    private void Abandon(ChannelReader<QueueEntry> reader)
    {
        while (reader.TryRead(out var entry))
        {
            Abandon([entry]);
        }
    }

    private async Task WhenSendsDoneAsync()
    {
        while (true)
        {
            Task[] sends;
            lock (_sends)
            {
                sends = [.. _sends];
            }

            if (sends.Length == 0)
            {
                return;
            }

            await Task.WhenAll(sends).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(List<QueueEntry> entries)
    {
        await Task.Yield();
        var result = ConsumeResult.Success;
        IReadOnlyList<TelemetryRequest>? pieces = null;
        int sent = 0;
        try
        {
            var request = await LoadAsync(entries).ConfigureAwait(false);
            if (request is null)
            {
                result = ConsumeResult.Fail("the persistent queue could not be read back");
            }
            else
            {
                pieces = _queue.Batch is { MaxSize: > 0, Sizer: QueueSizer.Items } batch && request.ItemCount > batch.MaxSize
                    ? SignalKind.For(request.Signal).Split(request, (int)batch.MaxSize)
                    : [request];
                for (; sent < pieces.Count; sent++)
                {
                    // Not yet attempted: a withdrawal takes it back whole.
                    _withdraw.Token.ThrowIfCancellationRequested();
                    result = result.CombineWith(await _sender.SendAsync(pieces[sent], _abort.Token, _withdraw.Token).ConfigureAwait(false));
                }
            }

            foreach (var entry in entries)
            {
                _unfinished.Add(SignalOf(entry), -entry.ItemCount);
                if (entry.Record is { } record)
                {
                    _store!.Complete(record);
                }

                entry.Waiter?.TrySetResult(result);
            }
        }
        catch (OperationCanceledException) when (_withdraw.IsCancellationRequested && pieces is not null)
        {
            // Withdrawn: the pieces not yet delivered go back; the callers get their outcome once those are sent elsewhere.
            HandBack(entries, result, SignalKind.For(pieces[sent].Signal).Concat([.. pieces.Skip(sent)], pieces[sent].Metadata));
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Left unfinished: ShutdownAsync counts it, or it stays on disk for the next start.
            foreach (var entry in entries)
            {
                entry.Waiter?.TrySetResult(ConsumeResult.Refuse($"exporter {_context.Id} is shutting down", reason: DropReason.Shutdown));
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    // Hands back entries that were not (or not wholly) sent: their requests, or the unsent rest of them, with an answer
    // that completes their waiters, combining the outcome of what was already sent.
    private void HandBack(List<QueueEntry> entries, ConsumeResult sentSoFar, TelemetryRequest? rest)
    {
        foreach (var entry in entries)
        {
            _unfinished.Add(SignalOf(entry), -entry.ItemCount);
        }

        var waiters = entries.Where(e => e.Waiter is not null).Select(e => e.Waiter!).ToArray();
        Action<ConsumeResult> answer = waiters.Length == 0
            ? static _ => { }
            : outcome =>
            {
                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult(sentSoFar.CombineWith(outcome));
                }
            };

        rest ??= entries.Count == 1
            ? entries[0].Request!
            : SignalKind.For(SignalOf(entries[0])).Concat([.. entries.Select(e => e.Request!)], entries[0].Request!.Metadata);
        lock (_withdrawn)
        {
            _withdrawn.Add(new UnsentRequest(rest, answer));
        }
    }

    // The request to send: the entries' requests, read back from disk where persistent, merged in queue order. A record
    // that cannot be read is counted and left out; null when nothing could be read.
    private async Task<TelemetryRequest?> LoadAsync(List<QueueEntry> entries)
    {
        var requests = new List<TelemetryRequest>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.Request is { } inMemory)
            {
                requests.Add(inMemory);
                continue;
            }

            var record = entry.Record!.Value;
            try
            {
                var bytes = await _store!.ReadAsync(record, _abort.Token).ConfigureAwait(false);
                requests.Add(SignalKind.For(record.Signal).FromBytes(bytes, ClientMetadata.Empty, record.ItemCount));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException)
            {
                // Damaged on disk after it was written, or its segment is gone: it can never be sent, so it is counted.
                Counters.SendFailed.Add(record.Signal, DropReason.QueueStorage, record.ItemCount);
                _context.Logger.LogError("Dropping {Items} {Noun}: a persistent queue record could not be read back ({Reason})", record.ItemCount, record.Signal.ItemNoun(), ex.Message);
            }
        }

        return requests.Count == 0 ? null : SignalKind.For(requests[0].Signal).Concat(requests, requests[0].Metadata);
    }
}
