using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// Reads a segment found on disk when its queue opens, collecting the records not yet complete and classifying what
/// cannot be read. Never throws for bad contents, only for failing I/O.
/// </summary>
internal sealed class SegmentScanner
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Crc32 _crc = new();

    /// <summary>
    /// Scans one segment. Records with a sequence below <paramref name="doneUpTo"/> are complete and only stepped over
    /// (their payloads are not even read); records at or after it whose checksums hold go to <paramref name="live"/>.
    /// <paramref name="lastSequence"/> is the newest sequence seen so far in older segments, and is advanced.
    /// </summary>
    public SegmentScan Scan(SafeFileHandle handle, long segmentId, long doneUpTo, ref long lastSequence, List<StoredRecord> live)
    {
        var scan = new SegmentScan();
        long fileLength = RandomAccess.GetLength(handle);
        scan.FileLength = fileLength;
        if (fileLength == 0)
        {
            // Created but never written: a crash between creating a segment and its first write.
            return scan;
        }

        var header = _buffer.AsSpan(0, RecordFormat.RecordHeaderSize);
        if (ReadFully(handle, _buffer.AsSpan(0, RecordFormat.SegmentHeaderSize), 0) < RecordFormat.SegmentHeaderSize)
        {
            scan.TornTails++;
            return scan;
        }

        scan.HeaderStatus = RecordFormat.ReadSegmentHeader(_buffer, out long firstSequence);
        if (scan.HeaderStatus != SegmentHeaderStatus.Valid)
        {
            if (scan.HeaderStatus == SegmentHeaderStatus.Damaged)
            {
                scan.DamagedHeaders++;
            }

            return scan;
        }

        scan.FirstSequence = firstSequence;
        long position = RecordFormat.SegmentHeaderSize;
        while (position < fileLength)
        {
            if (fileLength - position < RecordFormat.RecordHeaderSize
                || ReadFully(handle, header, position) < RecordFormat.RecordHeaderSize)
            {
                scan.TornTails++;
                break;
            }

            if (!RecordFormat.TryReadRecordHeader(header, out var record))
            {
                // The length cannot be trusted, so the next record cannot be found: the rest of the segment is lost.
                scan.DamagedHeaders++;
                break;
            }

            long end = position + RecordFormat.RecordHeaderSize + record.Length;
            if (end > fileLength)
            {
                scan.TornTails++;
                break;
            }

            if (record.Sequence <= lastSequence)
            {
                // Writers only ever increase sequences; an intact record that does not is not ours to deliver.
                scan.BadRecords++;
            }
            else
            {
                lastSequence = record.Sequence;
                if (record.Sequence >= doneUpTo)
                {
                    if (PayloadMatches(handle, header, position + RecordFormat.RecordHeaderSize, record))
                    {
                        live.Add(new StoredRecord(record.Sequence, record.Signal, record.ItemCount, record.Length, segmentId, position));
                        scan.LiveRecords++;
                    }
                    else
                    {
                        scan.BadRecords++;
                    }
                }
            }

            position = end;
        }

        scan.ValidLength = position;
        return scan;
    }

    private bool PayloadMatches(SafeFileHandle handle, ReadOnlySpan<byte> header, long offset, RecordHeader record)
    {
        _crc.Reset();
        _crc.Append(RecordFormat.RecordCrcPrefix(header));

        // The header lives at the front of the buffer; the payload streams through the rest of it.
        var chunk = _buffer.AsSpan(RecordFormat.RecordHeaderSize);
        long remaining = record.Length;
        while (remaining > 0)
        {
            var part = chunk[..(int)Math.Min(chunk.Length, remaining)];
            int read = ReadFully(handle, part, offset);
            if (read < part.Length)
            {
                return false;
            }

            _crc.Append(part);
            offset += read;
            remaining -= read;
        }

        return _crc.GetCurrentHashAsUInt32() == record.RecordCrc;
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the file ends; returns the bytes read.</summary>
    public static int ReadFully(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(handle, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}

/// <summary>What scanning one segment found.</summary>
internal sealed class SegmentScan
{
    public SegmentHeaderStatus HeaderStatus { get; set; } = SegmentHeaderStatus.Damaged;

    public long FirstSequence { get; set; }

    public long FileLength { get; set; }

    /// <summary>Bytes up to the end of the last record that could be read; what follows is cut off.</summary>
    public long ValidLength { get; set; }

    public int LiveRecords { get; set; }

    /// <summary>A record or header running past the end of the file (a write cut short by a crash).</summary>
    public int TornTails { get; set; }

    /// <summary>Headers that fail their checks; nothing after one can be read.</summary>
    public int DamagedHeaders { get; set; }

    /// <summary>Records with an intact header whose payload fails its CRC (or whose sequence goes backwards); skipped alone.</summary>
    public int BadRecords { get; set; }
}
