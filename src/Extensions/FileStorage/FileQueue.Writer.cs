using System.Buffers;
using System.IO.Hashing;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// The writer thread: takes every append waiting, writes them in one gathered write per segment, fsyncs once
/// (group commit), then persists the checkpoint and deletes reclaimable segments. Only this thread writes files.
/// </summary>
internal sealed partial class FileQueue
{
    private readonly Thread _writer;
    // Never disposed: Complete and DisposeAsync may still signal it after the writer ended.
    private readonly AutoResetEvent _wake = new(false);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _wakeRequested;

    // Owned by the writer thread.
    private readonly Crc32 _crc = new();
    private readonly List<ReadOnlyMemory<byte>> _buffers = [];
    private readonly List<Chunk> _chunks = [];
    private readonly List<SegmentFile> _rolled = [];
    private readonly List<SegmentFile> _deleting = [];
    private List<PendingAppend> _batch = [];
    private SegmentFile? _active;
    private long _nextSequence;
    private long _nextSegmentId;
    private long _persistedDoneUpTo;
    private bool _checkpointFailing;

    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakeRequested, 1) == 0)
        {
            _wake.Set();
        }
    }

    private void WriterLoop()
    {
        try
        {
            bool closing;
            do
            {
                _wake.WaitOne();
                Volatile.Write(ref _wakeRequested, 0);
                lock (_queueGate)
                {
                    (_pending, _batch) = (_batch, _pending);
                    closing = _closing;
                }

                if (_batch.Count > 0)
                {
                    WriteBatch(_batch);
                    _batch.Clear();
                }

                Reclaim();
                PersistCheckpoint(flushToDisk: false);
            }
            while (!closing);

            // Appends are refused once closing was seen, so the batch above was the last.
            Close();
        }
        catch (Exception ex)
        {
            StopAfterFailure(ex);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        int taken = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            if (batch[i].TryTake())
            {
                batch[taken++] = batch[i];
            }
        }

        if (taken == 0)
        {
            return;
        }

        var headers = ArrayPool<byte>.Shared.Rent(taken * RecordFormat.RecordHeaderSize);
        try
        {
            int written = WriteChunks(batch, taken, headers);
            written = FlushChunks(batch, written);
            Register(batch, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(headers);
            _chunks.Clear();
            _rolled.Clear();
        }
    }

    // Writes the batch as consecutive chunks, one per segment it reaches; returns how many chunks were written. A failure
    // fails the rest of the batch too: it was one write as far as appenders know.
    private int WriteChunks(List<PendingAppend> batch, int taken, byte[] headers)
    {
        int next = 0;
        while (next < taken)
        {
            long firstSequence = _nextSequence;
            SegmentFile segment;
            try
            {
                segment = SegmentForWrite();
            }
            catch (IOException ex)
            {
                FailAppends(batch, next, taken, ex);
                return _chunks.Count;
            }

            long offset = segment.Length;
            long position = offset;
            _buffers.Clear();
            if (offset == 0)
            {
                _buffers.Add(segment.Header);
                position = RecordFormat.SegmentHeaderSize;
            }

            int start = next;
            do
            {
                var append = batch[next];
                var header = headers.AsMemory(next * RecordFormat.RecordHeaderSize, RecordFormat.RecordHeaderSize);
                long sequence = _nextSequence++;
                RecordFormat.WriteRecordHeader(header.Span, sequence, append.Signal, append.ItemCount, append.Length);
                _crc.Reset();
                _crc.Append(RecordFormat.RecordCrcPrefix(header.Span));
                _buffers.Add(header);
                var payload = append.Payload;
                for (int i = 0; i < payload.Count; i++)
                {
                    if (!payload[i].IsEmpty)
                    {
                        _crc.Append(payload[i].Span);
                        _buffers.Add(payload[i]);
                    }
                }

                RecordFormat.SealRecordHeader(header.Span, _crc.GetCurrentHashAsUInt32());
                append.Record = new StoredRecord(sequence, append.Signal, append.ItemCount, append.Length, segment.Id, position);
                position += RecordFormat.RecordHeaderSize + append.Length;
                next++;
            }
            while (next < taken && position < _settings.SegmentSize);

            var chunk = new Chunk(segment, offset, position, start, next, firstSequence);
            try
            {
                _io.Write(segment.Handle, _buffers, offset);
            }
            catch (IOException ex)
            {
                _chunks.Add(chunk);
                RollBack(batch, _chunks.Count - 1, _chunks.Count, ex);
                FailAppends(batch, next, taken, ex);
                return _chunks.Count - 1;
            }
            finally
            {
                _buffers.Clear();
            }

            segment.Length = position;
            _chunks.Add(chunk);
        }

        return _chunks.Count;
    }

    // fsyncs each segment the written chunks reached; a failed fsync rolls back that chunk and all later ones.
    private int FlushChunks(List<PendingAppend> batch, int written)
    {
        if (!_settings.Fsync)
        {
            return written;
        }

        for (int i = 0; i < written; i++)
        {
            try
            {
                _io.FlushToDisk(_chunks[i].Segment.Handle);
                Interlocked.Increment(ref _fsyncCount);
            }
            catch (IOException ex)
            {
                RollBack(batch, i, written, ex);
                return i;
            }
        }

        return written;
    }

    // Undoes chunks [from, to): truncates each segment back to where its chunk began and fails the chunk's appends.
    private void RollBack(List<PendingAppend> batch, int from, int to, IOException exception)
    {
        for (int i = to - 1; i >= from; i--)
        {
            var chunk = _chunks[i];
            try
            {
                RandomAccess.SetLength(chunk.Segment.Handle, chunk.Offset);
            }
            catch (IOException ex)
            {
                // Rare (shrinking needs no space). What stays past the end is overwritten by the next write or cut off as a
                // torn tail by the next start; a record of it found intact then is delivered, never lost.
                _logger.LogError("Could not cut the failed write off the queue segment {Path}: {Reason}", chunk.Segment.Path, ex.Message);
            }

            chunk.Segment.Length = chunk.Offset;
            FailAppends(batch, chunk.Start, chunk.End, exception);
        }

        _nextSequence = _chunks[from].FirstSequence;
        _logger.LogError("Persistent queue {Directory}: a write failed and its requests were refused: {Reason}", _directory, exception.Message);
    }

    private static void FailAppends(List<PendingAppend> batch, int from, int to, IOException exception)
    {
        for (int i = from; i < to; i++)
        {
            batch[i].Fail(exception);
        }
    }

    // Makes the written records known (to Complete and ReadAsync) before any appender learns of them.
    private void Register(List<PendingAppend> batch, int written)
    {
        long bytes = 0;
        lock (_state)
        {
            for (int c = 0; c < written; c++)
            {
                var chunk = _chunks[c];
                bytes += chunk.Position - chunk.Offset;
                chunk.Segment.LiveCount += chunk.End - chunk.Start;
                for (int i = chunk.Start; i < chunk.End; i++)
                {
                    _tracker.Add(batch[i].Record.Sequence);
                }
            }

            foreach (var segment in _rolled)
            {
                segment.Sealed = true;
                if (segment.LiveCount == 0)
                {
                    _reclaimable.Add(segment);
                }
            }
        }

        Interlocked.Add(ref _sizeOnDisk, bytes);
        for (int c = 0; c < written; c++)
        {
            for (int i = _chunks[c].Start; i < _chunks[c].End; i++)
            {
                batch[i].Succeed();
            }
        }
    }

    // The segment the next record goes to: the active one until it has passed the segment size, then a new one.
    private SegmentFile SegmentForWrite()
    {
        if (_active is { } current && current.Length < _settings.SegmentSize)
        {
            return current;
        }

        if (_active is { } full)
        {
            // Sealed only by Register, once the records this batch wrote to it are counted: sealed earlier, a Complete of
            // its older records could find it empty and have it deleted under the new ones.
            _rolled.Add(full);
            _active = null;
        }

        long id = _nextSegmentId;
        var path = Path.Combine(_directory, SegmentFile.FileName(id));
        var header = new byte[RecordFormat.SegmentHeaderSize];
        RecordFormat.WriteSegmentHeader(header, id, _nextSequence);
        var segment = new SegmentFile(id, path, QueueFiles.Open(path, FileMode.CreateNew, FileShare.Read), 0, header);
        _nextSegmentId = id + 1;
        lock (_state)
        {
            _segments.Add(id, segment);
        }

        _active = segment;
        return segment;
    }

    private void Reclaim()
    {
        lock (_state)
        {
            if (_reclaimable.Count == 0)
            {
                return;
            }

            foreach (var segment in _reclaimable)
            {
                // Checked again here: listed once, a segment is deleted once, and only while nothing in it is live.
                if (segment.LiveCount == 0 && _segments.Remove(segment.Id))
                {
                    _deleting.Add(segment);
                }
            }

            _reclaimable.Clear();
        }

        foreach (var segment in _deleting)
        {
            Delete(segment, _logger);
            Interlocked.Add(ref _sizeOnDisk, -segment.Length);
        }

        _deleting.Clear();
    }

    private void PersistCheckpoint(bool flushToDisk)
    {
        long doneUpTo;
        lock (_state)
        {
            doneUpTo = _tracker.DoneUpTo;
        }

        if (doneUpTo == _persistedDoneUpTo && !flushToDisk)
        {
            return;
        }

        try
        {
            _checkpoint.Write(doneUpTo, flushToDisk);
            lock (_state)
            {
                _persistedDoneUpTo = doneUpTo;
            }

            _checkpointFailing = false;
        }
        catch (IOException ex) when (!_checkpointFailing)
        {
            // Only costs redelivery after a crash; said once until a write succeeds again.
            _checkpointFailing = true;
            _logger.LogWarning("Persistent queue {Directory}: cannot write the checkpoint, delivered requests may be delivered again after a restart: {Reason}", _directory, ex.Message);
        }
        catch (IOException)
        {
        }
    }

    private void Close()
    {
        Reclaim();
        PersistCheckpoint(flushToDisk: _settings.Fsync);
        if (_active is { } active)
        {
            bool delivered;
            lock (_state)
            {
                delivered = active.LiveCount == 0;
                if (delivered)
                {
                    _segments.Remove(active.Id);
                }
            }

            if (delivered)
            {
                Delete(active, _logger);
                Interlocked.Add(ref _sizeOnDisk, -active.Length);
            }
        }

        CloseFiles();
    }

    private void CloseFiles()
    {
        lock (_state)
        {
            foreach (var segment in _segments.Values)
            {
                segment.Handle.Dispose();
            }
        }

        _checkpoint.Dispose();
        _lock.Dispose();
    }

    // A bug, not an I/O error (those fail only their appends): refuse appends from now on rather than hang them.
    private void StopAfterFailure(Exception exception)
    {
        _logger.LogCritical(exception, "Persistent queue {Directory}: the writer stopped; appends are refused until restart", _directory);
        List<PendingAppend> waiting;
        lock (_queueGate)
        {
            _writerFailure = exception;
            waiting = _pending;
            _pending = [];
        }

        var failure = new IOException($"the persistent queue in {_directory} stopped writing: {exception.Message}", exception);
        foreach (var append in waiting)
        {
            append.Fail(failure);
        }

        foreach (var append in _batch)
        {
            append.Fail(failure);
        }

        CloseFiles();
    }

    /// <summary>Records <c>[Start, End)</c> of a batch, written to <see cref="Segment"/> from <see cref="Offset"/> to <see cref="Position"/>.</summary>
    private readonly record struct Chunk(SegmentFile Segment, long Offset, long Position, int Start, int End, long FirstSequence);
}
