using System.Buffers.Binary;
using System.Security.Cryptography;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Trace;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// Reads a persistent queue directory as <c>file_storage</c> writes it (src/Extensions/FileStorage/RecordFormat.cs):
/// segment files <c>NNNNNNNNNNNN.seg</c>, each a 32-byte header then records of a 32-byte header (magic, payload length,
/// sequence, item count, signal, CRCs) and the serialized request. Written independently of the product's reader, so
/// tests can find and damage a given record.
/// </summary>
internal static class QueueOnDisk
{
    public const int SegmentHeaderSize = 32;
    public const int RecordHeaderSize = 32;
    private const uint RecordMagic = 0x5251434D; // "MCQR"

    /// <summary>The segment files of a queue directory, oldest first.</summary>
    public static IReadOnlyList<string> Segments(string queueDirectory) =>
        [.. Directory.GetFiles(queueDirectory, "*.seg").Order(StringComparer.Ordinal)];

    /// <summary>Every whole record of a segment file, in order.</summary>
    public static IReadOnlyList<StoredRecordOnDisk> Records(string segmentPath)
    {
        var bytes = File.ReadAllBytes(segmentPath);
        var records = new List<StoredRecordOnDisk>();
        long position = SegmentHeaderSize;
        while (position + RecordHeaderSize <= bytes.Length)
        {
            var header = bytes.AsSpan((int)position, RecordHeaderSize);
            Assert.Equal(RecordMagic, BinaryPrimitives.ReadUInt32LittleEndian(header));
            int length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
            long sequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
            int items = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            int signal = header[20];
            if (position + RecordHeaderSize + length > bytes.Length)
            {
                break;
            }

            var payload = bytes.AsSpan((int)position + RecordHeaderSize, length).ToArray();
            records.Add(new StoredRecordOnDisk(segmentPath, position, length, sequence, items, signal, payload));
            position += RecordHeaderSize + length;
        }

        return records;
    }

    /// <summary>Every record of every segment of a queue directory, oldest first.</summary>
    public static IReadOnlyList<StoredRecordOnDisk> AllRecords(string queueDirectory) => [.. Segments(queueDirectory).SelectMany(Records)];

    /// <summary>Every file of a directory (recursively) with its bytes' SHA-256, by path relative to it.</summary>
    public static SortedDictionary<string, string> Snapshot(string directory)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
        {
            snapshot[Path.GetRelativePath(directory, path)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) + $" ({new FileInfo(path).Length} bytes)";
        }

        return snapshot;
    }
}

/// <summary>One record found in a segment file: where it is, what its header says, and its payload.</summary>
internal sealed record StoredRecordOnDisk(string Segment, long Offset, int Length, long Sequence, int ItemCount, int Signal, byte[] Payload)
{
    /// <summary>Where the payload starts in the segment file.</summary>
    public long PayloadOffset => Offset + QueueOnDisk.RecordHeaderSize;

    /// <summary>The names this record carries, as the counting exporter keys them (<c>span:</c>, <c>log:</c>).</summary>
    public IReadOnlyList<string> Keys => Signal switch
    {
        0 => [.. ExportTraceServiceRequest.Parser.ParseFrom(Payload).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => "span:" + s.Name)],
        2 => [.. ExportLogsServiceRequest.Parser.ParseFrom(Payload).ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords).Select(l => "log:" + l.Body?.StringValue)],
        _ => [],
    };
}
