using System.Buffers;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus;

/// <summary>
/// Writes a scrape straight from the store: one family's series are copied under the store's lock, then written in
/// runs of about <see cref="ChunkBytes"/> into one pooled buffer that is sent after each run. A scrape therefore holds
/// one chunk and one family's series slots, never the whole body, and builds no object per scalar series; the lock is
/// never held while sending.
/// </summary>
internal sealed class ExpositionStreamer(MetricStore store)
{
    // Large enough that a 20 MB scrape is a few hundred sends, small enough to stay out of the large object heap.
    private const int ChunkBytes = 32 * 1024;

    // Kept from one protobuf scrape to the next, so a scrape takes apart only the labels that are new since the last.
    private ProtobufLabelCache? _labelCache;

    /// <summary>Writes the whole exposition in <paramref name="format"/>, handing each chunk to <paramref name="send"/> (never an empty one).</summary>
    public async Task WriteAsync(ExpositionFormat format, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, CancellationToken cancellationToken)
    {
        var families = store.BeginScrape();
        var chunk = new ChunkBuffer(2 * ChunkBytes);
        var slots = Array.Empty<SeriesSlot>();

        // One scrape at a time uses the cache; a protobuf scrape that overlaps another makes its own.
        var labelCache = format == ExpositionFormat.Protobuf ? Interlocked.Exchange(ref _labelCache, null) ?? new ProtobufLabelCache() : null;
        try
        {
            foreach (var family in families)
            {
                var points = store.CopySeries(family, ref slots);
                if (labelCache is not null)
                {
                    points = points.WithLabelCache(labelCache);
                }

                var metadata = family.Metadata;
                if (!ExpositionFamilyWriter.Start(format, chunk, metadata, points))
                {
                    continue;
                }

                for (int next = 0; next < points.Count;)
                {
                    next = ExpositionFamilyWriter.WritePoints(format, chunk, metadata, points, next, ChunkBytes - chunk.WrittenCount);
                    if (chunk.WrittenCount >= ChunkBytes)
                    {
                        await send(chunk.WrittenMemory, cancellationToken).ConfigureAwait(false);
                        chunk.Clear();
                    }
                }

                ExpositionFamilyWriter.End(format, chunk, metadata);
            }

            ExpositionFamilyWriter.Finish(format, chunk);
            if (chunk.WrittenCount > 0)
            {
                await send(chunk.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            store.EndScrape();
            chunk.Dispose();
            if (labelCache is not null)
            {
                Volatile.Write(ref _labelCache, labelCache);
            }

            // Cleared, so the pool does not keep the series' labels and states alive.
            if (slots.Length > 0)
            {
                ArrayPool<SeriesSlot>.Shared.Return(slots, clearArray: true);
            }
        }
    }
}
