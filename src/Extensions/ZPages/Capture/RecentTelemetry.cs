using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Extensions.ZPages.Capture;

/// <summary>
/// The recent-telemetry tap: one <see cref="CaptureRing"/> per signal, filled while capture is on. With
/// <c>capture: on_view</c> capture turns on when someone asks for a page or API and off again once nobody has asked
/// for <c>viewer_timeout</c>, so the receive path of an unwatched collector reads one field per request.
/// </summary>
internal sealed class RecentTelemetry : ITelemetryTap, IDisposable
{
    private readonly CaptureRing[] _rings;
    private readonly RecentTelemetryOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private volatile bool _capturing;
    private long _lastViewTimestamp;
    private long _captureStartedUnixNano;
    private ITimer? _idleTimer;

    public RecentTelemetry(RecentTelemetryOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _rings = [.. Enum.GetValues<Signal>().Select(s => new CaptureRing(options.MaxBytesOf(s)))];
        if (options.CapturesAlways)
        {
            _capturing = true;
            _captureStartedUnixNano = UnixNanoNow();
        }
    }

    /// <inheritdoc />
    public bool IsCapturing => _capturing;

    /// <summary>When the current capture began (Unix ns); 0 while not capturing.</summary>
    public long CaptureStartedUnixNano
    {
        get
        {
            lock (_lock)
            {
                return _capturing ? _captureStartedUnixNano : 0;
            }
        }
    }

    /// <summary>The ring of one signal.</summary>
    public CaptureRing Ring(Signal signal) => _rings[(int)signal];

    /// <inheritdoc />
    public void Observe(ComponentId receiver, TelemetryRequest request)
        => _rings[(int)request.Signal].Append(receiver, UnixNanoNow(), request);

    /// <summary>Someone looked: capture (again) and keep capturing until nobody has looked for the viewer timeout.</summary>
    public void MarkViewed()
    {
        if (_options.CapturesAlways)
        {
            return;
        }

        lock (_lock)
        {
            _lastViewTimestamp = _time.GetTimestamp();
            if (_capturing)
            {
                return;
            }

            _captureStartedUnixNano = UnixNanoNow();
            _capturing = true;
            _idleTimer = _time.CreateTimer(_ => StopWhenIdle(), null, _options.ViewerTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _idleTimer?.Dispose();
            _idleTimer = null;
        }
    }

    private void StopWhenIdle()
    {
        lock (_lock)
        {
            if (!_capturing)
            {
                return;
            }

            var idle = _time.GetElapsedTime(_lastViewTimestamp);
            if (idle < _options.ViewerTimeout)
            {
                _idleTimer?.Change(_options.ViewerTimeout - idle, Timeout.InfiniteTimeSpan);
                return;
            }

            // What was captured stays readable: the next viewer sees it while new data replaces it.
            _capturing = false;
            _idleTimer?.Dispose();
            _idleTimer = null;
        }
    }

    private long UnixNanoNow() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
