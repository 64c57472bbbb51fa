using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// A queue's checkpoint: the sequence number below which every record is complete. Two 32-byte slots written in
/// turn, each with a generation and its own CRC, so a write torn by a crash leaves the previous checkpoint readable.
/// Lagging behind is always safe (records are delivered again); it never runs ahead of what is complete.
/// </summary>
internal sealed class CheckpointFile : IDisposable
{
    public const string FileName = "checkpoint";
    public const int FileSize = 2 * SlotSize;

    private const int SlotSize = 32;
    private const uint Magic = 0x4351434D; // "MCQC"
    private const ushort Version = 1;

    private readonly SafeFileHandle _handle;
    private readonly byte[] _slot = new byte[SlotSize];
    private long _generation;

    private CheckpointFile(SafeFileHandle handle, long generation)
    {
        _handle = handle;
        _generation = generation;
    }

    /// <summary>Opens (or creates) the checkpoint of a queue directory and reads what it holds.</summary>
    public static CheckpointFile Open(string directory, out CheckpointState state, out long doneUpTo)
    {
        var handle = QueueFiles.Open(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileShare.Read);
        try
        {
            Span<byte> both = stackalloc byte[FileSize];
            int read = 0;
            while (read < FileSize)
            {
                int n = RandomAccess.Read(handle, both[read..], read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            long bestGeneration = -1;
            doneUpTo = 0;
            for (int offset = 0; offset + SlotSize <= read; offset += SlotSize)
            {
                if (TryReadSlot(both.Slice(offset, SlotSize), out long generation, out long value) && generation > bestGeneration)
                {
                    bestGeneration = generation;
                    doneUpTo = value;
                }
            }

            state = bestGeneration >= 0 ? CheckpointState.Valid : read == 0 ? CheckpointState.Missing : CheckpointState.Damaged;
            return new CheckpointFile(handle, Math.Max(bestGeneration, 0));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Persists a new position, in the slot the previous write did not use.</summary>
    public void Write(long doneUpTo, bool flushToDisk)
    {
        long generation = _generation + 1;
        var slot = _slot.AsSpan();
        slot.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(slot, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(slot[8..], generation);
        BinaryPrimitives.WriteInt64LittleEndian(slot[16..], doneUpTo);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[28..], Crc32.HashToUInt32(slot[..28]));
        RandomAccess.Write(_handle, slot, (generation & 1) * SlotSize);
        if (flushToDisk)
        {
            RandomAccess.FlushToDisk(_handle);
        }

        _generation = generation;
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private static bool TryReadSlot(ReadOnlySpan<byte> slot, out long generation, out long doneUpTo)
    {
        generation = BinaryPrimitives.ReadInt64LittleEndian(slot[8..]);
        doneUpTo = BinaryPrimitives.ReadInt64LittleEndian(slot[16..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(slot) == Magic
            && BinaryPrimitives.ReadUInt16LittleEndian(slot[4..]) == Version
            && BinaryPrimitives.ReadUInt32LittleEndian(slot[28..]) == Crc32.HashToUInt32(slot[..28])
            && generation > 0
            && doneUpTo >= 0;
    }
}

/// <summary>What was found in a checkpoint file when its queue was opened.</summary>
internal enum CheckpointState
{
    /// <summary>Never written (a new queue, or the file was removed).</summary>
    Missing,

    /// <summary>Written but neither slot passes its CRC.</summary>
    Damaged,

    Valid,
}
