using Google.Protobuf;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Payload;

/// <summary>A <see cref="TelemetryRequest"/> of one concrete request message type.</summary>
public sealed class TelemetryRequest<T> : TelemetryRequest
    where T : class, IMessage<T>, new()
{
    private readonly SignalKind<T> _kind;
    private T? _model;
    private ReadOnlyMemory<byte>? _bytes;
    private IReadOnlyList<TelemetryRequest<T>>? _parts;

    private TelemetryRequest(SignalKind<T> kind, ClientMetadata metadata, int itemCount)
        : base(metadata, itemCount)
    {
        _kind = kind;
    }

    /// <summary>A request known only by its serialized bytes (decoded lazily).</summary>
    public static TelemetryRequest<T> FromBytes(SignalKind<T> kind, ReadOnlyMemory<byte> bytes, ClientMetadata? metadata = null, int itemCount = -1)
        => new(kind, metadata ?? ClientMetadata.Empty, itemCount) { _bytes = bytes };

    /// <summary>A request known by its model (encoded lazily).</summary>
    public static TelemetryRequest<T> FromModel(SignalKind<T> kind, T model, ClientMetadata? metadata = null, int itemCount = -1)
        => new(kind, metadata ?? ClientMetadata.Empty, itemCount) { _model = model };

    /// <summary>
    /// The concatenation of several requests. Neither form is built until asked for: the bytes are the
    /// concatenated encodings (valid because the request's only field is the repeated field 1), the model
    /// joins the parts' resource lists.
    /// </summary>
    public static TelemetryRequest<T> Concat(SignalKind<T> kind, IReadOnlyList<TelemetryRequest<T>> parts, ClientMetadata metadata)
    {
        int items = 0;
        foreach (var part in parts)
        {
            items += part.ItemCount;
        }

        return new(kind, metadata, items) { _parts = parts };
    }

    /// <inheritdoc />
    public override Signal Signal => _kind.Signal;

    /// <summary>The per-signal strategy of this request type.</summary>
    public SignalKind<T> Kind => _kind;

    /// <inheritdoc />
    public override bool HasModel => _model is not null;

    /// <summary>The decoded request.</summary>
    public T Message => _model ??= BuildModel();

    /// <inheritdoc />
    public override IMessage Model => Message;

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> Bytes => _bytes ??= BuildBytes();

    /// <inheritdoc />
    public override int ByteLength
    {
        get
        {
            if (_bytes is { } bytes)
            {
                return bytes.Length;
            }

            if (!JoinsParts)
            {
                return Bytes.Length;
            }

            int length = 0;
            foreach (var part in _parts!)
            {
                length += part.ByteLength;
            }

            return length;
        }
    }

    // True while this request is only the concatenation of its parts (no model yet, no joined bytes).
    private bool JoinsParts => _parts is not null && _model is null;

    /// <inheritdoc />
    public override void AddSegments(List<ReadOnlyMemory<byte>> segments)
    {
        if (_bytes is null && JoinsParts)
        {
            foreach (var part in _parts!)
            {
                part.AddSegments(segments);
            }
        }
        else
        {
            segments.Add(Bytes);
        }
    }

    /// <inheritdoc />
    public override void ModelChanged()
    {
        // Once the model exists it is the source of truth; the parts (if any) were already joined into it.
        _model ??= BuildModel();
        _bytes = null;
        _parts = null;

        // A change may have added or removed items (a filter drops spans): count them again on next need.
        ForgetItemCount();
    }

    /// <inheritdoc />
    public override TelemetryRequest Clone() => FromModel(_kind, Message.Clone(), Metadata, ItemCount);

    private protected override int CountItems()
    {
        if (_model is not null)
        {
            return _kind.CountItems(_model);
        }

        return _kind.CountItems(Bytes.Span);
    }

    private T BuildModel()
    {
        if (_parts is not null)
        {
            var merged = new T();
            foreach (var part in _parts)
            {
                _kind.AppendResources(merged, part.Message);
            }

            return merged;
        }

        return _kind.Parser.ParseFrom(_bytes!.Value.Span);
    }

    private ReadOnlyMemory<byte> BuildBytes()
    {
        if (JoinsParts)
        {
            var joined = new byte[ByteLength];
            int offset = 0;
            foreach (var part in _parts!)
            {
                var bytes = part.Bytes.Span;
                bytes.CopyTo(joined.AsSpan(offset));
                offset += bytes.Length;
            }

            return joined;
        }

        return Message.ToByteArray();
    }
}
