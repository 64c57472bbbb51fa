using Google.Protobuf;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// Splits a request that is still in wire form between its resource entries: whole resources are slices of the
/// received bytes (a resource entry with its tag is itself a valid one-resource request), so they are neither
/// decoded nor copied. Only a resource that straddles a cut is decoded and divided, so the pieces are exactly those
/// a model split gives: full ones, then the rest.
/// </summary>
internal static class WireSplitter
{
    public static List<TelemetryRequest<T>> Split<T>(SignalKind<T> kind, RequestTree tree, TelemetryRequest<T> request, int maxItems)
        where T : class, IMessage<T>, new()
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        request.AddSegments(segments);
        var pieces = new Pieces<T>(kind, request.Metadata, maxItems);
        foreach (var segment in segments)
        {
            var reader = new WireReader(segment.Span);
            while (true)
            {
                int start = reader.Position;
                if (!reader.TryReadTag(out int field, out var wireType))
                {
                    break;
                }

                if (field != 1 || wireType != WireFormat.WireType.LengthDelimited)
                {
                    // Export requests have no other field; an unknown one is not carried into the pieces.
                    reader.Skip(wireType);
                    continue;
                }

                int items = tree.CountResourceItems(reader.ReadLengthDelimited());
                var entry = TelemetryRequest<T>.FromBytes(kind, segment.Slice(start, reader.Position - start), request.Metadata, items);
                if (items > 0 && pieces.Room == 0)
                {
                    pieces.Flush();
                }

                if (items <= pieces.Room)
                {
                    pieces.Add(entry, items);
                    continue;
                }

                var parts = kind.Split(entry.Message, maxItems, pieces.Room);
                for (int i = 0; i < parts.Count; i++)
                {
                    var part = TelemetryRequest<T>.FromModel(kind, parts[i], request.Metadata);
                    pieces.Add(part, part.ItemCount);
                }
            }
        }

        pieces.Flush();
        return pieces.Output;
    }

    /// <summary>The pieces made so far and the one being filled.</summary>
    private sealed class Pieces<T>(SignalKind<T> kind, ClientMetadata metadata, int maxItems)
        where T : class, IMessage<T>, new()
    {
        private List<TelemetryRequest<T>> _pending = [];
        private int _pendingItems;

        public List<TelemetryRequest<T>> Output { get; } = [];

        public int Room => maxItems - _pendingItems;

        public void Add(TelemetryRequest<T> part, int items)
        {
            if (items > Room)
            {
                Flush();
            }

            _pending.Add(part);
            _pendingItems += items;
        }

        public void Flush()
        {
            // Resources without items ride along with a piece that has some; alone they are not worth a send.
            if (_pendingItems > 0)
            {
                Output.Add(_pending.Count == 1 ? _pending[0] : TelemetryRequest<T>.Concat(kind, _pending, metadata));
                _pending = [];
            }

            _pendingItems = 0;
        }
    }
}
