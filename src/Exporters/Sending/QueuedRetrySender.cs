using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// The sending queue and retry shared by every exporter that sends over the network: a bounded queue drained by
/// <c>num_consumers</c> workers, each retrying retryable failures with exponential backoff and jitter (a server's
/// RetryInfo / Retry-After wins). A full queue refuses with a retryable error (or waits, with
/// <c>block_on_overflow</c>), so nothing is dropped silently; shutdown drains within its deadline and logs what
/// could not be sent.
/// </summary>
public sealed class QueuedRetrySender
{
    private readonly ComponentContext _context;
    private readonly SendingQueueOptions _queue;
    private readonly RetryOptions _retry;
    private readonly IRequestSender _sender;
    private readonly TimeProvider _time;
    private readonly Channel<TelemetryRequest> _channel;
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _workers = [];
    private volatile bool _stopping;
    private readonly SignalCounters _inFlight = new();

    public QueuedRetrySender(ComponentContext context, SendingQueueOptions queue, RetryOptions retry, IRequestSender sender, TimeProvider? time = null)
    {
        _context = context;
        _queue = queue;
        _retry = retry;
        _sender = sender;
        _time = time ?? TimeProvider.System;
        _channel = Channel.CreateBounded<TelemetryRequest>(new BoundedChannelOptions(queue.QueueSize)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = queue.NumConsumers == 1,
        });
    }

    /// <summary>Item counters.</summary>
    public SenderCounters Counters { get; } = new();

    /// <summary>Requests waiting in the queue (<c>otelcol_exporter_queue_size</c>).</summary>
    public int QueueSize => _queue.Enabled ? _channel.Reader.Count : 0;

    /// <summary>Queue capacity in requests (<c>otelcol_exporter_queue_capacity</c>).</summary>
    public int QueueCapacity => _queue.Enabled ? _queue.QueueSize : 0;

    /// <summary>Starts the queue's workers.</summary>
    public void Start()
    {
        if (!_queue.Enabled)
        {
            return;
        }

        for (int i = 0; i < _queue.NumConsumers; i++)
        {
            _workers.Add(Task.Run(WorkAsync));
        }
    }

    /// <summary>
    /// Takes a request: queued (success once queued), or sent at once with retries when the queue is disabled.
    /// </summary>
    public async ValueTask<ConsumeResult> SubmitAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            return ConsumeResult.Refuse($"exporter {_context.Id} is shutting down");
        }

        if (!_queue.Enabled)
        {
            return await SendWithRetryAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (_channel.Writer.TryWrite(request))
        {
            return ConsumeResult.Success;
        }

        if (_queue.BlockOnOverflow)
        {
            try
            {
                await _channel.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                return ConsumeResult.Success;
            }
            catch (ChannelClosedException)
            {
                return ConsumeResult.Refuse($"exporter {_context.Id} is shutting down");
            }
        }

        Counters.EnqueueFailed.Add(request.Signal, request.ItemCount);
        _context.Logger.LogWarning("Refusing {Items} {Noun}: sending_queue is full ({Capacity} requests); the sender will retry. Try increasing queue_size.", request.ItemCount, request.Signal.ItemNoun(), _queue.QueueSize);
        return ConsumeResult.Refuse($"sending_queue of exporter {_context.Id} is full", TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Stops taking requests and drains the queue until <paramref name="cancellationToken"/> fires; whatever is
    /// still unsent then is counted in one log line.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _channel.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Workers stop their retries and run through the rest of the (completed) queue, counting every item.
            await _abort.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_workers).ConfigureAwait(false);
            long unsent = _inFlight.Total;
            foreach (var signal in Enum.GetValues<Signal>())
            {
                Counters.SendFailed.Add(signal, _inFlight[signal]);
            }

            _context.Logger.LogError("Shutdown deadline reached: {Items} items still queued or in flight could not be sent and were dropped", unsent);
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var request in _channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // Items stay counted here until delivered or given up on, so an aborted shutdown can report them.
            _inFlight.Add(request.Signal, request.ItemCount);
            if (_abort.IsCancellationRequested)
            {
                continue;
            }

            try
            {
                await SendWithRetryAsync(request, _abort.Token).ConfigureAwait(false);
                _inFlight.Add(request.Signal, -request.ItemCount);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                // Left in _inFlight: ShutdownAsync reports it.
            }
        }
    }

    private async Task<ConsumeResult> SendWithRetryAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var interval = _retry.InitialInterval;
        while (true)
        {
            var attempt = await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
            switch (attempt.Outcome)
            {
                case ExportAttemptOutcome.Success:
                    // A server cannot reject more items than it was sent (nor fewer than none).
                    long rejected = Math.Clamp(attempt.Rejected, 0, request.ItemCount);
                    Counters.Sent.Add(request.Signal, request.ItemCount - rejected);
                    if (rejected > 0)
                    {
                        Counters.SendFailed.Add(request.Signal, rejected);
                        _context.Logger.LogWarning("Partial success response: {Rejected} {Noun} rejected by the destination: {Message}", rejected, request.Signal.ItemNoun(), attempt.Message);
                        return ConsumeResult.Partial(rejected, attempt.Message ?? "rejected by the destination");
                    }

                    return ConsumeResult.Success;
                case ExportAttemptOutcome.Permanent:
                    Counters.SendFailed.Add(request.Signal, request.ItemCount);
                    _context.Logger.LogError("Exporting failed. Dropping data: {Message} (permanent error, {Items} {Noun})", attempt.Message, request.ItemCount, request.Signal.ItemNoun());
                    return ConsumeResult.Fail($"exporter {_context.Id}: {attempt.Message}");
            }

            // The server's delay is a minimum: a zero or past Retry-After must not turn the backoff off.
            var backoff = Jitter(interval);
            var wait = attempt.RetryAfter is { } after && after > backoff ? after : backoff;
            var elapsed = _time.GetElapsedTime(started);
            if (!_retry.Enabled || (_retry.MaxElapsedTime > TimeSpan.Zero && elapsed + wait > _retry.MaxElapsedTime))
            {
                Counters.SendFailed.Add(request.Signal, request.ItemCount);
                var why = _retry.Enabled ? $"no more retries left after {elapsed.TotalSeconds:0.#}s" : "retry_on_failure is disabled";
                _context.Logger.LogError("Exporting failed. Dropping data: {Message} ({Why}, {Items} {Noun})", attempt.Message, why, request.ItemCount, request.Signal.ItemNoun());
                return ConsumeResult.Refuse($"exporter {_context.Id}: {attempt.Message}");
            }

            _context.Logger.LogInformation("Exporting failed, will retry in {Delay}: {Message}", wait, attempt.Message);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * _retry.Multiplier), _retry.MaxInterval.Ticks));
        }
    }

    // Randomised around the interval by ±randomization_factor, as the reference's backoff does.
    private TimeSpan Jitter(TimeSpan interval)
    {
        var delta = _retry.RandomizationFactor * interval.Ticks;
        var low = interval.Ticks - delta;
        return TimeSpan.FromTicks((long)(low + (Random.Shared.NextDouble() * ((2 * delta) + 1))));
    }
}
