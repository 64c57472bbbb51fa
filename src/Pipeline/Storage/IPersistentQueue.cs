using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Storage;

/// <summary>
/// An append-only, crash-safe queue of serialized requests belonging to one component. A record is durable once
/// <see cref="AppendAsync"/> completes: written to the operating system (it survives <c>kill -9</c>) and, with
/// <c>fsync</c>, to the disk (it survives power loss). Records stay until completed; space is reclaimed once
/// every older record is complete as well.
/// </summary>
public interface IPersistentQueue : IAsyncDisposable
{
    /// <summary>Records found when the queue was opened that were never completed, oldest first.</summary>
    IReadOnlyList<StoredRecord> Recovered { get; }

    /// <summary>Torn or corrupt records found when the queue was opened; they were skipped (and logged once).</summary>
    int CorruptRecordsSkipped { get; }

    /// <summary>Bytes the queue occupies on disk now.</summary>
    long SizeOnDisk { get; }

    /// <summary>
    /// Appends one request, whose serialized bytes are the concatenation of <paramref name="payload"/>. Completes once
    /// the record is durable; concurrent appends share one write and one fsync (group commit). Throws
    /// <see cref="IOException"/> when it cannot be written (disk full); the queue then holds no part of it.
    /// </summary>
    ValueTask<StoredRecord> AppendAsync(Signal signal, int itemCount, IReadOnlyList<ReadOnlyMemory<byte>> payload, CancellationToken cancellationToken);

    /// <summary>Reads a record's serialized request back.</summary>
    ValueTask<byte[]> ReadAsync(StoredRecord record, CancellationToken cancellationToken);

    /// <summary>Marks a record done (delivered, or given up on and counted); it will not be recovered again.</summary>
    void Complete(StoredRecord record);
}
