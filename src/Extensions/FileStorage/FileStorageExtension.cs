using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// The <c>file_storage</c> extension: keeps each component's persistent queue in its own subdirectory of
/// <c>directory</c>, locked against other processes. Queues of components no longer configured stay untouched.
/// </summary>
public sealed class FileStorageExtension : IComponent, IStorageExtension
{
    private readonly ComponentContext _context;
    private readonly FileStorageOptions _options;
    private readonly long _segmentSize;
    private readonly SegmentIo _io;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileQueue> _queues = new(StringComparer.Ordinal);
    private bool _started;

    public FileStorageExtension(ComponentContext context, FileStorageOptions options)
        : this(context, options, FileQueueSettings.DefaultSegmentSize, SegmentIo.Default)
    {
    }

    internal FileStorageExtension(ComponentContext context, FileStorageOptions options, long segmentSize, SegmentIo io)
    {
        _context = context;
        _options = options;
        _segmentSize = segmentSize;
        _io = io;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = _options.Directory;
        if (!System.IO.Directory.Exists(directory))
        {
            if (File.Exists(directory))
            {
                throw new ComponentStartException($"extensions::{_context.Id}: directory {directory} is a file, not a directory");
            }

            if (!_options.CreateDirectory)
            {
                throw new ComponentStartException(
                    $"extensions::{_context.Id}: directory {directory} does not exist; create it (writable by the collector's user) or set create_directory: true");
            }

            try
            {
                CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ComponentStartException($"extensions::{_context.Id}: cannot create directory {directory}: {ex.Message}", ex);
            }

            _context.Logger.LogInformation(
                "Created storage directory {Directory} with permissions {Permissions}", directory, FileStorageOptions.FormatPermissions(_options.DirectoryPermissions));
        }

        lock (_gate)
        {
            _started = true;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IPersistentQueue OpenQueue(ComponentKind kind, ComponentId owner)
    {
        var name = QueueDirectoryName.For(kind, owner);
        var directory = Path.Combine(_options.Directory, name);
        lock (_gate)
        {
            if (!_started)
            {
                throw new InvalidOperationException($"extensions::{_context.Id} is not started");
            }

            if (_queues.TryGetValue(name, out var open) && !open.IsClosed)
            {
                throw new ComponentStartException($"extensions::{_context.Id}: the queue of {kind.Singular()} {owner} in {directory} is already open");
            }
        }

        try
        {
            if (!System.IO.Directory.Exists(directory))
            {
                CreateDirectory(directory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ComponentStartException($"extensions::{_context.Id}: cannot create the queue directory {directory}: {ex.Message}", ex);
        }

        FileQueue queue;
        try
        {
            queue = FileQueue.Open(directory, new FileQueueSettings(_options.Fsync, _options.Timeout, _context.Time, _segmentSize), _context.Logger, _io);
        }
        catch (ComponentStartException ex)
        {
            throw new ComponentStartException($"extensions::{_context.Id}: {ex.Message}", ex);
        }

        lock (_gate)
        {
            _queues[name] = queue;
        }

        return queue;
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        // Their owners normally close them first; anything left open still gets its final write and checkpoint.
        List<FileQueue> open;
        lock (_gate)
        {
            open = [.. _queues.Values];
            _queues.Clear();
            _started = false;
        }

        foreach (var queue in open)
        {
            await queue.DisposeAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(directory, _options.DirectoryPermissions);
        }
    }
}
