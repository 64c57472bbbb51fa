using Microsoft.Extensions.Logging;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Reports the new content of a file each time it changes. A FileSystemWatcher on the file's directory reacts at once;
/// a periodic check of the modification time, creation time and size of the file the path resolves to catches what
/// the watcher misses (file systems that send no events, a Kubernetes secret whose <c>..data</c> symlink is swapped
/// in another directory, a watcher that overflowed). Content that did not change is not reported again.
/// </summary>
public sealed class FileChangeMonitor : IDisposable
{
    /// <summary>How often the fallback check runs.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    // Editors and `echo > file` truncate then write; waiting a moment after an event avoids reading the file half written.
    private static readonly TimeSpan EventSettleDelay = TimeSpan.FromMilliseconds(50);

    private readonly string _path;
    private readonly TimeSpan _pollInterval;
    private readonly Action<string> _onChanged;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _watchEvents;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private Fingerprint _fingerprint;
    private string? _content;
    private string? _lastError;
    private int _eventPending;
    private bool _disposed;

    /// <param name="path">The file.</param>
    /// <param name="pollInterval">How often the fallback check runs.</param>
    /// <param name="onChanged">Called with the new content, one call at a time.</param>
    /// <param name="logger">Where read failures are reported.</param>
    /// <param name="time">The clock the periodic check and the settling after an event run on (the component's).</param>
    /// <param name="watchEvents">False leaves only the periodic check (tests use it to prove the fallback on its own).</param>
    public FileChangeMonitor(string path, TimeSpan pollInterval, Action<string> onChanged, ILogger logger, TimeProvider time, bool watchEvents = true)
    {
        _path = Path.GetFullPath(path);
        _pollInterval = pollInterval;
        _onChanged = onChanged;
        _logger = logger;
        _time = time;
        _watchEvents = watchEvents;
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
            _timer = _time.CreateTimer(static state => ((FileChangeMonitor)state!).Check(), this, _pollInterval, _pollInterval);
            _watcher = _watchEvents ? TryWatch() : null;
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

    private void OnEvent(object sender, FileSystemEventArgs e) => CheckSoon();

    // An overflowed watcher may have dropped the very event that mattered, so it forces a re-read too.
    private void OnError(object sender, ErrorEventArgs e) => CheckSoon();

    private void CheckSoon()
    {
        Volatile.Write(ref _eventPending, 1);
        lock (_gate)
        {
            _timer?.Change(EventSettleDelay, _pollInterval);
        }
    }

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
    private readonly record struct Fingerprint(bool Exists, string? RealPath, long LastWriteTicks, long Length)
    {
        public static Fingerprint Of(string path)
        {
            try
            {
                // Through an open handle, so symlinks are followed all the way (a stat of the path itself describes the
                // link, which never changes). The resolved path tells a swapped-in file apart even when it has the same
                // size and a modification time within the file system's timestamp granularity.
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return new Fingerprint(true, Resolve(path), File.GetLastWriteTimeUtc(handle).Ticks, RandomAccess.GetLength(handle));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return default;
            }
        }

        /// <summary>
        /// The path with every symlink resolved, in any component (a Kubernetes secret is <c>token</c> →
        /// <c>..data/token</c> with <c>..data</c> → <c>..2024_01_01</c>); .NET only resolves the last component.
        /// </summary>
        private static string? Resolve(string path)
        {
            var resolved = Path.GetPathRoot(path) ?? "/";
            var pending = new Stack<string>(Enumerable.Reverse(path[resolved.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)));
            for (int hops = 0; pending.Count > 0;)
            {
                var part = pending.Pop();
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    resolved = Path.GetDirectoryName(resolved) ?? resolved;
                    continue;
                }

                var next = Path.Join(resolved, part);
                if (new FileInfo(next).LinkTarget is not { } target)
                {
                    resolved = next;
                    continue;
                }

                // Loops make the path unresolvable; the operating system would refuse it the same way (ELOOP).
                if (++hops > 40)
                {
                    return null;
                }

                if (Path.IsPathRooted(target))
                {
                    resolved = Path.GetPathRoot(target) ?? "/";
                    target = target[resolved.Length..];
                }

                foreach (var piece in Enumerable.Reverse(target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)))
                {
                    pending.Push(piece);
                }
            }

            return resolved;
        }
    }
}
