using Microsoft.Extensions.Logging;

namespace MiniCollector.Receiver.Auth;

/// <summary>
/// Reports the new content of a file each time it changes. A FileSystemWatcher on the file's directory reacts at once;
/// a periodic check of the file's modification time, size and link target catches what the watcher misses
/// (network and container file systems that send no events, a Kubernetes secret whose <c>..data</c> symlink is swapped,
/// a watcher that overflowed). Content that did not change is not reported again.
/// </summary>
internal sealed class FileChangeMonitor : IDisposable
{
    /// <summary>How often the fallback check runs.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    // Editors and `echo > file` truncate then write; waiting a moment after an event avoids reading the file half written.
    private static readonly TimeSpan EventSettleDelay = TimeSpan.FromMilliseconds(50);

    private readonly string _path;
    private readonly TimeSpan _pollInterval;
    private readonly Action<string> _onChanged;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private Timer? _timer;
    private Fingerprint _fingerprint;
    private string? _content;
    private string? _lastError;
    private int _eventPending;
    private bool _disposed;

    public FileChangeMonitor(string path, TimeSpan pollInterval, Action<string> onChanged, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _pollInterval = pollInterval;
        _onChanged = onChanged;
        _logger = logger;
    }

    /// <summary>The watched file's full path.</summary>
    public string FilePath => _path;

    /// <summary>
    /// Reads the file once (throwing the I/O error when it cannot be read, so a start can fail clearly), then starts
    /// watching. The first content is returned, not reported through the callback.
    /// </summary>
    public string Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // The fingerprint is taken before reading, so a change that lands during the read is seen by the next check.
            _fingerprint = Fingerprint.Of(_path);
            _content = File.ReadAllText(_path);
            _timer = new Timer(static state => ((FileChangeMonitor)state!).Check(), this, _pollInterval, _pollInterval);
            _watcher = TryWatch();
            return _content;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private FileSystemWatcher? TryWatch()
    {
        var directory = Path.GetDirectoryName(_path);
        if (directory is null)
        {
            return null;
        }

        try
        {
            // The whole directory, not just the file's name: a Kubernetes volume changes the file by renaming and
            // relinking siblings, and an editor may replace the file by a rename.
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size
                    | NotifyFilters.CreationTime | NotifyFilters.Attributes,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // inotify instances are a limited resource; the periodic check still works without the watcher.
            _logger.LogWarning("Cannot watch {File} for changes ({Reason}); checking it every {Interval} ms instead", _path, ex.Message, _pollInterval.TotalMilliseconds);
            return null;
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        Volatile.Write(ref _eventPending, 1);
        lock (_gate)
        {
            _timer?.Change(EventSettleDelay, _pollInterval);
        }
    }

    private void OnError(object sender, ErrorEventArgs e) => OnEvent(sender, new FileSystemEventArgs(WatcherChangeTypes.Changed, Path.GetDirectoryName(_path) ?? "/", Path.GetFileName(_path)));

    private void Check()
    {
        // Under the lock, so that two overlapping checks cannot apply contents out of order.
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            bool eventPending = Interlocked.Exchange(ref _eventPending, 0) == 1;
            var fingerprint = Fingerprint.Of(_path);
            if (!eventPending && fingerprint == _fingerprint)
            {
                return;
            }

            _fingerprint = fingerprint;
            string content;
            try
            {
                content = File.ReadAllText(_path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // During a rotation the file can be briefly missing; keep what was loaded and say so once per reason.
                if (_lastError != ex.Message)
                {
                    _lastError = ex.Message;
                    _logger.LogWarning("Cannot read {File} ({Reason}); keeping the previously loaded content", _path, ex.Message);
                }

                return;
            }

            _lastError = null;
            if (content == _content)
            {
                return;
            }

            _content = content;
            try
            {
                _onChanged(content);
            }
            catch (Exception ex)
            {
                // A timer callback must not throw: that would end the process.
                _logger.LogError(ex, "Applying the new content of {File} failed", _path);
            }
        }
    }

    /// <summary>What a cheap stat tells about the file; any difference means it may have changed.</summary>
    private readonly record struct Fingerprint(bool Exists, long LastWriteTicks, long Length, string? Target)
    {
        public static Fingerprint Of(string path)
        {
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    return default;
                }

                // For a symlink (a Kubernetes secret), the final target names the version; swapping it changes this.
                string? target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                return new Fingerprint(true, info.LastWriteTimeUtc.Ticks, info.Length, target);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return default;
            }
        }
    }
}
