using Microsoft.Win32.SafeHandles;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// The two calls that put appended records on disk. Tests override them to fail a write part-way (as a full disk
/// does) or to hold an fsync while more appends arrive.
/// </summary>
internal class SegmentIo
{
    /// <summary>Plain positional writes and fsync.</summary>
    public static SegmentIo Default { get; } = new();

    /// <summary>Writes the buffers back to back at <paramref name="offset"/> (one gathered write).</summary>
    public virtual void Write(SafeFileHandle handle, IReadOnlyList<ReadOnlyMemory<byte>> buffers, long offset) => RandomAccess.Write(handle, buffers, offset);

    /// <summary>Makes what was written durable (fsync).</summary>
    public virtual void FlushToDisk(SafeFileHandle handle) => RandomAccess.FlushToDisk(handle);
}
