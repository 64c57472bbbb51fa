using System.Buffers;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// The persistent queue of one component in its own directory: records appended to segment files by one writer
/// thread (group commit), completed in any order, reclaimed a segment at a time, with a checkpoint of the oldest
/// record not yet complete. After a crash, records completed after the last checkpoint are delivered again
/// (at-least-once); an acknowledged append is never lost.
/// </summary>
internal sealed partial class FileQueue : IPersistentQueue
{
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly FileQueueSettings _settings;
    private readonly SegmentIo _io;
    private readonly QueueLock _lock;
    private readonly CheckpointFile _checkpoint;

    // Guards what appenders, completers, readers and the writer share: the tracker, the segments and their counts.
    private readonly Lock _state = new();
    private readonly CompletionTracker _tracker;
    private readonly Dictionary<long, SegmentFile> _segments = [];
    private readonly List<SegmentFile> _reclaimable = [];

    // Guards the appends waiting for the writer.
    private readonly Lock _queueGate = new();
    private List<PendingAppend> _pending = [];
    private bool _closing;
    private Exception? _writerFailure;

    private long _sizeOnDisk;
    private long _fsyncCount;

    private FileQueue(
        string directory,
        ILogger logger,
        FileQueueSettings settings,
        SegmentIo io,
        QueueLock queueLock,
        CheckpointFile checkpoint,
        Recovery recovery)
    {
        _directory = directory;
        _logger = logger;
        _settings = settings;
        _io = io;
        _lock = queueLock;
        _checkpoint = checkpoint;
        _tracker = recovery.Tracker;
        Recovered = recovery.Records;
        CorruptRecordsSkipped = recovery.Skipped;
        _nextSequence = recovery.NextSequence;
        _nextSegmentId = recovery.NextSegmentId;
        _persistedDoneUpTo = _tracker.DoneUpTo;
        long size = CheckpointFile.FileSize;
        foreach (var segment in recovery.Segments)
        {
            _segments.Add(segment.Id, segment);
            size += segment.Length;
        }

        _sizeOnDisk = size;
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "file_storage writer" };
        _writer.Start();
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredRecord> Recovered { get; }

    /// <inheritdoc />
    public int CorruptRecordsSkipped { get; }

    /// <inheritdoc />
    public long SizeOnDisk => Interlocked.Read(ref _sizeOnDisk);

    /// <summary>True once disposal began; the queue takes no more appends.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_queueGate)
            {
                return _closing;
            }
        }
    }

    /// <summary>fsyncs of segment files so far; with group commit, far fewer than appends.</summary>
    internal long FsyncCount => Interlocked.Read(ref _fsyncCount);

    /// <inheritdoc />
    public ValueTask<StoredRecord> AppendAsync(Signal signal, int itemCount, IReadOnlyList<ReadOnlyMemory<byte>> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<StoredRecord>(cancellationToken);
        }

        long length = 0;
        for (int i = 0; i < payload.Count; i++)
        {
            length += payload[i].Length;
        }

        if (length > RecordFormat.MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), length, $"a persistent queue record holds at most {RecordFormat.MaxPayloadLength} bytes");
        }

        var pending = new PendingAppend(signal, itemCount, payload, (int)length);
        pending.WatchCancellation(cancellationToken);
        lock (_queueGate)
        {
            if (_writerFailure is not null)
            {
                pending.Fail(new IOException($"the persistent queue in {_directory} stopped writing: {_writerFailure.Message}", _writerFailure));
                return pending.Task;
            }

            ObjectDisposedException.ThrowIf(_closing, this);
            _pending.Add(pending);
        }

        Wake();
        return pending.Task;
    }

    /// <inheritdoc />
    public async ValueTask<byte[]> ReadAsync(StoredRecord record, CancellationToken cancellationToken)
    {
        SegmentFile? segment;
        lock (_state)
        {
            _segments.TryGetValue(record.Segment, out segment);
        }

        if (segment is null)
        {
            throw new InvalidOperationException($"record {record.Sequence} is not in the persistent queue in {_directory} (already completed?)");
        }

        var header = ArrayPool<byte>.Shared.Rent(RecordFormat.RecordHeaderSize);
        try
        {
            var payload = GC.AllocateUninitializedArray<byte>(record.Length);
            long payloadOffset = record.Offset + RecordFormat.RecordHeaderSize;
            if (await ReadFullyAsync(segment, header.AsMemory(0, RecordFormat.RecordHeaderSize), record.Offset, cancellationToken).ConfigureAwait(false) < RecordFormat.RecordHeaderSize
                || await ReadFullyAsync(segment, payload, payloadOffset, cancellationToken).ConfigureAwait(false) < payload.Length
                || !Matches(header.AsSpan(0, RecordFormat.RecordHeaderSize), payload, record))
            {
                throw new InvalidDataException($"record {record.Sequence} in {segment.Path} is damaged on disk");
            }

            return payload;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    /// <inheritdoc />
    public void Complete(StoredRecord record)
    {
        bool wake;
        lock (_state)
        {
            if (!_tracker.Complete(record.Sequence))
            {
                return;
            }

            wake = _tracker.DoneUpTo != _persistedDoneUpTo;
            if (_segments.TryGetValue(record.Segment, out var segment) && --segment.LiveCount == 0 && segment.Sealed)
            {
                _reclaimable.Add(segment);
                wake = true;
            }
        }

        if (wake)
        {
            Wake();
        }
    }

    /// <summary>Writes what was appended, persists the checkpoint, and closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_queueGate)
        {
            _closing = true;
        }

        Wake();
        await _stopped.Task.ConfigureAwait(false);
    }

    private static async ValueTask<int> ReadFullyAsync(SegmentFile segment, Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = await RandomAccess.ReadAsync(segment.Handle, destination[total..], offset + total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static bool Matches(ReadOnlySpan<byte> header, byte[] payload, StoredRecord record)
    {
        if (!RecordFormat.TryReadRecordHeader(header, out var stored) || stored.Sequence != record.Sequence || stored.Length != record.Length)
        {
            return false;
        }

        var crc = new System.IO.Hashing.Crc32();
        crc.Append(RecordFormat.RecordCrcPrefix(header));
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32() == stored.RecordCrc;
    }
}
