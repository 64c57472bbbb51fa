using Google.Protobuf;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// The unit that flows through pipelines: one OTLP export request of one signal, held as its serialized bytes
/// and/or its decoded model. Whichever form is missing is produced once, on first need.
/// </summary>
public abstract class TelemetryRequest
{
    private int _itemCount = -1;

    private protected TelemetryRequest(ClientMetadata metadata, int itemCount)
    {
        Metadata = metadata;
        _itemCount = itemCount;
    }

    /// <summary>Which signal this request carries.</summary>
    public abstract Signal Signal { get; }

    /// <summary>Headers of the request that produced this data, when the receiver includes metadata.</summary>
    public ClientMetadata Metadata { get; }

    /// <summary>The serialized <c>Export*ServiceRequest</c>; encoded from the model on first access if needed.</summary>
    public abstract ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The length of <see cref="Bytes"/>, known without joining the parts of a merged request.</summary>
    public abstract int ByteLength { get; }

    /// <summary>
    /// Adds the pieces whose concatenation is <see cref="Bytes"/>, without copying them: a batch of received requests
    /// is written out part by part instead of being joined into one buffer first.
    /// </summary>
    public abstract void AddSegments(List<ReadOnlyMemory<byte>> segments);

    /// <summary>The decoded <c>Export*ServiceRequest</c>; decoded from the bytes on first access if needed.</summary>
    /// <remarks>Consumers must treat it as read-only unless they declared that they mutate data.</remarks>
    public abstract IMessage Model { get; }

    /// <summary>True once the model exists, so reading it costs nothing.</summary>
    public abstract bool HasModel { get; }

    /// <summary>Spans, data points or log records in the request, counted without decoding when only bytes exist.</summary>
    public int ItemCount
    {
        get
        {
            if (_itemCount < 0)
            {
                _itemCount = CountItems();
            }

            return _itemCount;
        }
    }

    /// <summary>
    /// Declares that the model was changed in place (only a consumer that declared <c>MutatesData</c> may do so):
    /// the bytes held so far are dropped and encoded from the model on next need, so both forms agree again, and the
    /// items are counted again.
    /// </summary>
    public abstract void ModelChanged();

    /// <summary>A deep copy, for a consumer that mutates data while others read the original.</summary>
    public abstract TelemetryRequest Clone();

    private protected abstract int CountItems();

    private protected void ForgetItemCount() => _itemCount = -1;
}
