using Microsoft.Extensions.Logging;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Turns reload triggers (SIGHUP, a changed <c>--config</c> file under <c>--watch</c>) into reloads, one at a time: a
/// trigger during a reload causes exactly one more reload after it, and file changes are debounced (an editor's
/// save, or several files rewritten together, is one reload).
/// </summary>
public sealed class ConfigReloader : IDisposable
{
    /// <summary>How long the files must stay unchanged after a change before the reload runs.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(500);

    private readonly Func<string, Task> _reload;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly Lock _lock = new();
    private readonly List<FileChangeMonitor> _monitors = [];
    private ITimer? _debounceTimer;
    private string? _pendingReason;
    private Task _loop = Task.CompletedTask;
    private bool _looping;
    private bool _disposed;

    /// <param name="reload">Runs one reload; given why (e.g. <c>SIGHUP</c>).</param>
    /// <param name="logger">Where triggers are logged.</param>
    /// <param name="time">The clock of the debounce (tests give a fake one).</param>
    /// <param name="debounce">How long file changes must settle.</param>
    public ConfigReloader(Func<string, Task> reload, ILogger logger, TimeProvider time, TimeSpan debounce)
    {
        _reload = reload;
        _logger = logger;
        _time = time;
        _debounce = debounce;
    }

    /// <summary>Completes when no reload is running or pending.</summary>
    public Task Idle
    {
        get
        {
            lock (_lock)
            {
                return _loop;
            }
        }
    }

    /// <summary>The files among <c>--config</c> sources (paths and <c>file:</c>); <c>env:</c>, <c>yaml:</c> and the embedded default are not files.</summary>
    public static IReadOnlyList<string> WatchableFiles(IReadOnlyList<string> sources)
        => [.. sources
            .Where(s => !s.StartsWith("env:", StringComparison.Ordinal) && !s.StartsWith("yaml:", StringComparison.Ordinal) && !s.StartsWith("embedded:", StringComparison.Ordinal))
            .Select(s => s.StartsWith("file:", StringComparison.Ordinal) ? s["file:".Length..] : s)];

    /// <summary>Reloads when any of <paramref name="files"/> changes, once the changes settled.</summary>
    public void Watch(IReadOnlyList<string> files, TimeSpan pollInterval)
    {
        foreach (var file in files)
        {
            var monitor = new FileChangeMonitor(file, pollInterval, _ => RequestDebounced(file), _logger, _time);
            monitor.Start();
            lock (_lock)
            {
                _monitors.Add(monitor);
            }

            _logger.LogInformation("Watching {File} for changes: the config reloads when it changes", monitor.FilePath);
        }
    }

    /// <summary>Reloads as soon as the running reload (if any) finished.</summary>
    public void Request(string reason)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // A request while one is pending is folded into it.
            _pendingReason = _pendingReason is null ? reason : _pendingReason + ", " + reason;
            if (!_looping)
            {
                _looping = true;
                _loop = Task.Run(LoopAsync);
            }
        }
    }

    /// <summary>Reloads once no further change arrived for the debounce time.</summary>
    public void RequestDebounced(string file)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _debounceTimer ??= _time.CreateTimer(static state => ((ConfigReloader)state!).Request("config file changed"), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }

        _logger.LogDebug("{File} changed; reloading once changes settle", file);
    }

    /// <summary>Stops watching; a reload in progress finishes (await <see cref="Idle"/>), pending ones are dropped.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _pendingReason = null;
            _debounceTimer?.Dispose();
            foreach (var monitor in _monitors)
            {
                monitor.Dispose();
            }

            _monitors.Clear();
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            string reason;
            lock (_lock)
            {
                if (_pendingReason is null)
                {
                    _looping = false;
                    return;
                }

                reason = _pendingReason;
                _pendingReason = null;
            }

            try
            {
                _logger.LogInformation("Reloading the config ({Reason})", reason);
                await _reload(reason).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Reload failed");
            }
        }
    }
}
