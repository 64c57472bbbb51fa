using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>Opening a queue directory: lock, checkpoint, and the scan that recovers what was not completed.</summary>
internal sealed partial class FileQueue
{
    /// <summary>
    /// Opens (or creates) the queue in an existing <paramref name="directory"/>. Damaged contents are skipped and logged
    /// once; only failing I/O or a lock held elsewhere fail, with <see cref="ComponentStartException"/>.
    /// </summary>
    public static FileQueue Open(string directory, FileQueueSettings settings, ILogger logger, SegmentIo? io = null)
    {
        var queueLock = QueueLock.Acquire(directory, settings.LockTimeout, settings.Time);
        CheckpointFile? checkpoint = null;
        var segments = new List<SegmentFile>();
        try
        {
            checkpoint = CheckpointFile.Open(directory, out var checkpointState, out long doneUpTo);
            var recovery = Recover(directory, doneUpTo, segments);
            checkpoint.Write(recovery.Tracker.DoneUpTo, settings.Fsync);

            // Segments with nothing left to deliver (all complete, or nothing readable) go now.
            long reclaimedBytes = 0;
            for (int i = segments.Count - 1; i >= 0; i--)
            {
                if (segments[i].LiveCount == 0)
                {
                    reclaimedBytes += segments[i].Length;
                    Delete(segments[i], logger);
                    segments.RemoveAt(i);
                }
            }

            recovery = recovery with { Segments = segments };
            LogOpened(logger, directory, recovery, checkpointState);
            return new FileQueue(directory, logger, settings, io ?? SegmentIo.Default, queueLock, checkpoint, recovery);
        }
        catch (Exception ex)
        {
            foreach (var segment in segments)
            {
                segment.Handle.Dispose();
            }

            checkpoint?.Dispose();
            queueLock.Dispose();
            if (ex is IOException or UnauthorizedAccessException)
            {
                throw new ComponentStartException($"cannot open the persistent queue in {directory}: {ex.Message}", ex);
            }

            throw;
        }
    }

    private static Recovery Recover(string directory, long doneUpTo, List<SegmentFile> segments)
    {
        var ids = new List<long>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*" + SegmentFile.Extension))
        {
            if (SegmentFile.TryParseId(Path.GetFileName(path), out long id))
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        var scanner = new SegmentScanner();
        var records = new List<StoredRecord>();
        var tracker = new CompletionTracker();
        long lastSequence = 0;
        long newestFirstSequence = 0;
        int torn = 0, damaged = 0, bad = 0, foreign = 0;
        foreach (long id in ids)
        {
            var path = Path.Combine(directory, SegmentFile.FileName(id));
            var handle = QueueFiles.Open(path, FileMode.Open, FileShare.Read);
            int before = records.Count;
            SegmentScan scan;
            try
            {
                scan = scanner.Scan(handle, id, doneUpTo, ref lastSequence, records);
                if (scan.HeaderStatus == SegmentHeaderStatus.Valid && scan.ValidLength < scan.FileLength)
                {
                    // Cut the unreadable tail off so it is reported once, not at every start.
                    RandomAccess.SetLength(handle, scan.ValidLength);
                }
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            torn += scan.TornTails;
            damaged += scan.DamagedHeaders;
            bad += scan.BadRecords;
            if (scan.HeaderStatus == SegmentHeaderStatus.UnknownVersion)
            {
                // Another version's file: not ours to read or to delete.
                foreign++;
                handle.Dispose();
                continue;
            }

            if (scan.HeaderStatus == SegmentHeaderStatus.Valid)
            {
                newestFirstSequence = Math.Max(newestFirstSequence, scan.FirstSequence);
            }

            for (int i = before; i < records.Count; i++)
            {
                tracker.Add(records[i].Sequence);
            }

            long length = scan.HeaderStatus == SegmentHeaderStatus.Valid ? scan.ValidLength : scan.FileLength;
            segments.Add(new SegmentFile(id, path, handle, length, header: null) { LiveCount = scan.LiveRecords, Sealed = true });
        }

        // Sequences continue after everything seen, so a new record never shares one with a record still on disk.
        long nextSequence = Math.Max(Math.Max(1, doneUpTo), Math.Max(lastSequence + 1, newestFirstSequence));
        tracker.RaiseFloor(nextSequence);
        return new Recovery(records, tracker, segments, nextSequence, ids.Count == 0 ? 1 : ids[^1] + 1, torn, damaged, bad, foreign, ids.Count);
    }

    private static void LogOpened(ILogger logger, string directory, Recovery recovery, CheckpointState checkpoint)
    {
        bool checkpointLost = checkpoint == CheckpointState.Damaged || (checkpoint == CheckpointState.Missing && recovery.SegmentFilesFound > 0);
        if (recovery.Skipped > 0 || checkpointLost || recovery.ForeignSegments > 0)
        {
            string checkpointText = checkpoint switch
            {
                CheckpointState.Damaged => "damaged, so every stored request is delivered again",
                CheckpointState.Missing when checkpointLost => "missing, so every stored request is delivered again",
                _ => "intact",
            };
            logger.LogError(
                "Persistent queue {Directory} opened with damage: skipped {Skipped} unreadable records ({Torn} cut short at a segment's end, " +
                "{DamagedHeaders} with a damaged header, after which the rest of that segment was unreadable and was cut off, {BadRecords} failing " +
                "their checksum); checkpoint {Checkpoint}; {Foreign} segment files of another format version left alone; {Recovered} requests recovered",
                directory,
                recovery.Skipped,
                recovery.TornTails,
                recovery.DamagedHeaders,
                recovery.BadRecords,
                checkpointText,
                recovery.ForeignSegments,
                recovery.Records.Count);
            return;
        }

        logger.LogInformation("Persistent queue {Directory} opened: {Recovered} requests recovered", directory, recovery.Records.Count);
    }

    private static void Delete(SegmentFile segment, ILogger logger)
    {
        segment.Handle.Dispose();
        try
        {
            File.Delete(segment.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Its records are complete; the file only takes space until a later start deletes it.
            logger.LogWarning("Could not delete the delivered queue segment {Path}: {Reason}", segment.Path, ex.Message);
        }
    }

    /// <summary>What opening found: the live records in order and where appends continue.</summary>
    private sealed record Recovery(
        IReadOnlyList<StoredRecord> Records,
        CompletionTracker Tracker,
        IReadOnlyList<SegmentFile> Segments,
        long NextSequence,
        long NextSegmentId,
        int TornTails,
        int DamagedHeaders,
        int BadRecords,
        int ForeignSegments,
        int SegmentFilesFound)
    {
        public int Skipped => TornTails + DamagedHeaders + BadRecords;
    }
}
