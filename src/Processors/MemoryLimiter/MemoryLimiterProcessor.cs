using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Processors.MemoryLimiter;

/// <summary>
/// The <c>memory_limiter</c> processor. Every <c>check_interval</c> it measures the managed heap
/// (<see cref="GC.GetTotalMemory(bool)"/>, live objects plus garbage not yet collected, the counterpart of Go's
/// heap Alloc, never below the heap size the last collection left); at or above the soft limit it refuses data — receivers ask it before reading a request, so
/// refused data is never decoded — and forces collections with back-off; below it again, data flows.
/// Between two checks every admission adds what the process allocated since the last reading to that reading; when
/// the sum reaches the soft limit it takes a fresh reading at once (never a collection), so a burst or a late timer
/// (a starved thread pool) cannot carry the heap far past the limit before the next check.
/// </summary>
public sealed class MemoryLimiterProcessor : IProcessor, IAdmissionGate
{
    private readonly ComponentContext _context;
    private readonly MemoryLimiterOptions _options;
    private readonly IConsumer _next;
    private readonly Func<long> _measure;
    private readonly Func<long> _allocated;
    private readonly Action _collect;
    private readonly TimeProvider _time;
    private readonly long _hardLimit;
    private readonly long _softLimit;
    private readonly Lock _checkLock = new();
    private ITimer? _timer;
    private volatile bool _refusing;

    // The last reading and the process's allocation count when it was taken; read without the lock by admissions
    // (a torn pair only makes one admission take an extra reading).
    private long _reading;
    private long _allocatedAtReading;
    private DateTimeOffset _lastGc = DateTimeOffset.MinValue;
    private bool _lastGcWasHard;
    private TimeSpan _gcBackoff;
    private readonly SignalCounters _accepted = new();
    private readonly SignalCounters _refused = new();
    private long _refusedRequests;

    public MemoryLimiterProcessor(ComponentContext context, MemoryLimiterOptions options, IConsumer next, Func<long>? measure = null, Action? collect = null, TimeProvider? time = null, Func<long>? allocated = null)
    {
        _context = context;
        _options = options;
        _next = next;
        _measure = measure ?? MeasureHeap;
        _allocated = allocated ?? (() => GC.GetTotalAllocatedBytes(precise: false));
        _collect = collect ?? (() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true));
        _time = time ?? context.Time;
        (_hardLimit, _softLimit) = options.Limits(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        var label = Label.Of("processor", context.Id.ToString());
        _accepted.Register(context.Meter, "otelcol_processor_memory_limiter_accepted", "Items accepted by the memory limiter", label);
        _refused.Register(context.Meter, "otelcol_processor_memory_limiter_refused", "Items refused by the memory limiter", label);

        // The state the reference shows only in its log lines, so the zpages pipelines view and :8888 can show it.
        var meter = context.Meter;
        meter.Counter("minicollector_processor_memory_limiter_refused_requests", "{requests}", "Requests refused before they were read (their items are not counted anywhere)", () => Interlocked.Read(ref _refusedRequests), label);
        meter.Gauge("minicollector_processor_memory_limiter_refusing", "1", "1 while the memory limiter refuses data (heap at or above the soft limit), else 0", () => _refusing ? 1 : 0, label);
        meter.Gauge("minicollector_processor_memory_limiter_heap_bytes", "By", "The heap as the memory limiter last measured it", () => Volatile.Read(ref _reading), label);
        meter.Gauge("minicollector_processor_memory_limiter_soft_limit_bytes", "By", "Heap size from which the memory limiter refuses data", () => _softLimit, label);
        meter.Gauge("minicollector_processor_memory_limiter_hard_limit_bytes", "By", "Heap size from which the memory limiter forces a collection at every check", () => _hardLimit, label);
    }

    /// <inheritdoc />
    public bool MutatesData => false;

    // GC.GetTotalMemory can read low while a background collection runs; the heap size the last collection left
    // is a floor, so the larger of the two never understates the heap.
    private static long MeasureHeap() => Math.Max(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().HeapSizeBytes);

    /// <summary>True while data is refused.</summary>
    public bool Refusing => _refusing;

    /// <summary>Items passed on (<c>otelcol_processor_memory_limiter_accepted_*</c>).</summary>
    public long AcceptedItems => _accepted.Total;

    /// <summary>Items refused after decoding (<c>otelcol_processor_memory_limiter_refused_*</c>); refusals before decoding have no item count.</summary>
    public long RefusedItems => _refused.Total;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _context.Logger.LogInformation("Memory limits: hard {Hard} MiB, soft {Soft} MiB, checked every {Interval}", _hardLimit >> 20, _softLimit >> 20, _options.CheckInterval);
        Check();
        _timer = _time.CreateTimer(_ => Check(), null, _options.CheckInterval, _options.CheckInterval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public bool TryAdmit(out TimeSpan retryAfter, out string reason)
    {
        retryAfter = _options.CheckInterval;
        reason = "data refused due to high memory usage";
        if (!_refusing && !GrewPastSoftLimit())
        {
            return true;
        }

        Interlocked.Increment(ref _refusedRequests);
        return false;
    }

    // Everything allocated since the last reading may still be live, so reading + allocated-since is an upper bound
    // on the heap; only when that bound reaches the soft limit is the heap read again (cheap, no collection).
    private bool GrewPastSoftLimit()
    {
        if (Volatile.Read(ref _reading) + (_allocated() - Volatile.Read(ref _allocatedAtReading)) < _softLimit)
        {
            return false;
        }

        lock (_checkLock)
        {
            if (_refusing)
            {
                return true;
            }

            long usage = Read();
            if (usage < _softLimit)
            {
                return false;
            }

            EnterRefusing(usage);
            return true;
        }
    }

    // One reading, remembered with the allocation count it starts from.
    private long Read()
    {
        long allocated = _allocated();
        long usage = _measure();
        Volatile.Write(ref _allocatedAtReading, allocated);
        Volatile.Write(ref _reading, usage);
        return usage;
    }

    private void EnterRefusing(long usage)
    {
        _refusing = true;
        _context.Logger.LogWarning("Memory usage is above soft limit. Refusing data. (current {Current} MiB, soft limit {Soft} MiB, hard limit {Hard} MiB)", usage >> 20, _softLimit >> 20, _hardLimit >> 20);
    }

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        // Receivers normally refuse before decoding; this covers data that got here another way.
        if (_refusing || GrewPastSoftLimit())
        {
            _refused.Add(request.Signal, request.ItemCount);
            return ValueTask.FromResult(ConsumeResult.Refuse("data refused due to high memory usage", _options.CheckInterval, DropReason.MemoryLimiter));
        }

        _accepted.Add(request.Signal, request.ItemCount);
        return _next.ConsumeAsync(request, cancellationToken);
    }

    /// <summary>One measurement: enter or leave the refusing state, forcing a collection when allowed.</summary>
    internal void Check()
    {
        lock (_checkLock)
        {
            long usage = Read();
            if (usage >= _softLimit)
            {
                usage = ForceCollection(usage);
            }

            if (usage >= _softLimit && !_refusing)
            {
                EnterRefusing(usage);
            }
            else if (usage < _softLimit && _refusing)
            {
                _refusing = false;
                _gcBackoff = TimeSpan.Zero;
                _context.Logger.LogInformation("Memory usage back within limits. Resuming normal operation. (current {Current} MiB)", usage >> 20);
            }
        }
    }

    // Forces a collection if the interval allows; a collection that does not help doubles the wait before the next
    // one, up to max_gc_interval, so a collector stuck above its limit does not spend all its time collecting.
    private long ForceCollection(long usage)
    {
        bool hard = usage >= _hardLimit;
        var now = _time.GetUtcNow();
        var minimum = hard ? _options.MinGcIntervalWhenHardLimited : _options.MinGcIntervalWhenSoftLimited;
        var maximum = hard ? _options.MaxGcIntervalWhenHardLimited : _options.MaxGcIntervalWhenSoftLimited;

        // The wait since the last forced collection depends on the state now: crossing the hard limit right after
        // a soft-limit collection may collect again at once (min_gc_interval_when_hard_limited is 0 by default).
        // The back-off belongs to the state it grew in: a first hard-limit collection only waits the hard minimum.
        var backoff = hard == _lastGcWasHard ? _gcBackoff : TimeSpan.Zero;
        var wait = backoff > minimum ? (maximum > TimeSpan.Zero && backoff > maximum ? maximum : backoff) : minimum;
        if (_lastGc != DateTimeOffset.MinValue && now - _lastGc < wait)
        {
            return usage;
        }

        if (hard)
        {
            _context.Logger.LogWarning("Memory usage is above hard limit. Forcing a GC. (current {Current} MiB)", usage >> 20);
        }

        _collect();
        if (hard != _lastGcWasHard)
        {
            _gcBackoff = TimeSpan.Zero;
        }

        _lastGc = now;
        _lastGcWasHard = hard;
        long after = Read();
        if (after >= _softLimit && maximum > TimeSpan.Zero)
        {
            _gcBackoff = _gcBackoff == TimeSpan.Zero ? (minimum > TimeSpan.Zero ? minimum : _options.CheckInterval) : TimeSpan.FromTicks(Math.Min(_gcBackoff.Ticks * 2, maximum.Ticks));
        }
        else
        {
            _gcBackoff = minimum;
        }

        return after;
    }
}
