using System.Buffers.Binary;
using System.IO.Hashing;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// The byte layout of segment files: a 32-byte segment header, then records, each a 32-byte header followed by its
/// payload. Every integer is little-endian; every checksum is CRC-32 (IEEE).
/// </summary>
/// <remarks>
/// Record header: magic (4), payload length (4), sequence (8), item count (4), signal (1), zero (3), header CRC of
/// bytes 0..24 (4), record CRC of bytes 0..28 and the payload (4). The separate header CRC tells a damaged payload,
/// whose length can still be trusted to step over it, from a damaged header, after which nothing in the segment can
/// be located.
/// </remarks>
internal static class RecordFormat
{
    public const int SegmentHeaderSize = 32;
    public const int RecordHeaderSize = 32;

    /// <summary>The largest payload a record may hold; anything longer in a header is taken as damage.</summary>
    public const int MaxPayloadLength = 1 << 30;

    private const uint SegmentMagic = 0x5351434D; // "MCQS"
    private const uint RecordMagic = 0x5251434D; // "MCQR"
    private const ushort Version = 1;

    /// <summary>Writes a segment header into <paramref name="destination"/> (at least <see cref="SegmentHeaderSize"/> bytes).</summary>
    public static void WriteSegmentHeader(Span<byte> destination, long segmentId, long firstSequence)
    {
        destination = destination[..SegmentHeaderSize];
        destination.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, SegmentMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], segmentId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], Crc32.HashToUInt32(destination[..28]));
    }

    /// <summary>Reads a segment header and the first sequence number it announces.</summary>
    public static SegmentHeaderStatus ReadSegmentHeader(ReadOnlySpan<byte> source, out long firstSequence)
    {
        firstSequence = 0;
        if (source.Length < SegmentHeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != SegmentMagic
            || BinaryPrimitives.ReadUInt32LittleEndian(source[28..]) != Crc32.HashToUInt32(source[..28]))
        {
            return SegmentHeaderStatus.Damaged;
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(source[4..]) != Version)
        {
            return SegmentHeaderStatus.UnknownVersion;
        }

        firstSequence = BinaryPrimitives.ReadInt64LittleEndian(source[16..]);
        return SegmentHeaderStatus.Valid;
    }

    /// <summary>
    /// Writes a record header without its record CRC, which covers the payload too: the caller computes it over
    /// <see cref="RecordCrcPrefix"/> and the payload and stores it with <see cref="SealRecordHeader"/>.
    /// </summary>
    public static void WriteRecordHeader(Span<byte> destination, long sequence, Signal signal, int itemCount, int length)
    {
        destination = destination[..RecordHeaderSize];
        destination.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, RecordMagic);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], sequence);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], itemCount);
        destination[20] = (byte)signal;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], Crc32.HashToUInt32(destination[..24]));
    }

    /// <summary>The part of a record header the record CRC covers (everything before the record CRC itself).</summary>
    public static ReadOnlySpan<byte> RecordCrcPrefix(ReadOnlySpan<byte> header) => header[..28];

    /// <summary>Stores the record CRC (of <see cref="RecordCrcPrefix"/> and the payload) into the header.</summary>
    public static void SealRecordHeader(Span<byte> header, uint recordCrc) => BinaryPrimitives.WriteUInt32LittleEndian(header[28..], recordCrc);

    /// <summary>The record CRC stored in a header.</summary>
    public static uint StoredRecordCrc(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32LittleEndian(header[28..]);

    /// <summary>
    /// Reads a record header; false when it cannot be trusted (wrong magic, header CRC mismatch, or values no writer
    /// produces), in which case nothing after it in the segment can be located.
    /// </summary>
    public static bool TryReadRecordHeader(ReadOnlySpan<byte> source, out RecordHeader header)
    {
        header = default;
        if (source.Length < RecordHeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != RecordMagic
            || BinaryPrimitives.ReadUInt32LittleEndian(source[24..]) != Crc32.HashToUInt32(source[..24]))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(source[4..]);
        long sequence = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
        int itemCount = BinaryPrimitives.ReadInt32LittleEndian(source[16..]);
        byte signal = source[20];
        if (length < 0 || length > MaxPayloadLength || sequence < 0 || itemCount < 0 || signal > (byte)Signal.Logs)
        {
            return false;
        }

        header = new RecordHeader(sequence, (Signal)signal, itemCount, length, StoredRecordCrc(source));
        return true;
    }
}

/// <summary>What a segment header says about its file.</summary>
internal enum SegmentHeaderStatus
{
    Valid,
    Damaged,

    /// <summary>Intact but written by another format version; the file is left alone.</summary>
    UnknownVersion,
}

/// <summary>The fields of a record header that passed its own CRC.</summary>
internal readonly record struct RecordHeader(long Sequence, Signal Signal, int ItemCount, int Length, uint RecordCrc);
