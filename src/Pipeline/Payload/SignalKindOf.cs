using Google.Protobuf;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// The small per-signal strategy that lets every component be written once for all three signals:
/// parse, count items, merge and split one request type.
/// </summary>
public abstract class SignalKind<T> : SignalKind
    where T : class, IMessage<T>, new()
{
    private readonly WireSchema _schema;

    private protected SignalKind()
    {
        _schema = WireSchema.For(new T().Descriptor);
    }

    /// <summary>The generated parser of the request message.</summary>
    public abstract MessageParser<T> Parser { get; }

    /// <summary>Reads an OTLP/JSON request.</summary>
    public abstract T ReadJson(ReadOnlySpan<byte> utf8Json);

    /// <summary>Removes the items whose ids break an <see cref="IdRule"/>; how many, and the partial-success message.</summary>
    public abstract (long Rejected, string? Reason) DropInvalidIds(T request);

    /// <summary>The levels of the request tree, from the request down to the item's parent.</summary>
    private protected abstract RequestTree Tree { get; }

    /// <summary>Counts items by scanning the wire format, without decoding.</summary>
    public int CountItems(ReadOnlySpan<byte> wire) => Tree.CountItems(wire);

    /// <summary>
    /// Checks that serialized bytes are a well-formed request (tags, lengths, UTF-8, nesting) and counts its items,
    /// without decoding. Throws <see cref="MalformedPayloadException"/> when they are not.
    /// </summary>
    public WireScan Validate(ReadOnlySpan<byte> wire) => WireValidator.Validate(_schema, wire);

    /// <summary>Counts items of a decoded request.</summary>
    public int CountItems(T request) => Tree.CountItems(request);

    /// <summary>Moves every resource entry of <paramref name="source"/> to the end of <paramref name="target"/>.</summary>
    public void AppendResources(T target, T source) => Tree.Levels[0].Children(target).AddRange(Tree.Levels[0].Children(source));

    /// <summary>
    /// Splits a request into requests of at most <paramref name="maxItems"/> items: whole resources where they fit,
    /// otherwise resource and scope copies holding a share of the items. The source request is consumed.
    /// </summary>
    public IReadOnlyList<T> Split(T request, int maxItems) => Split(request, maxItems, maxItems);

    /// <summary>As <see cref="Split(T, int)"/>, with a first part of at most <paramref name="firstRoom"/> items.</summary>
    internal IReadOnlyList<T> Split(T request, int maxItems, int firstRoom)
    {
        var parts = Tree.Split(request, maxItems, firstRoom);
        var result = new T[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            result[i] = (T)parts[i];
        }

        return result;
    }

    /// <summary>
    /// Splits a request into requests of at most <paramref name="maxItems"/> items, all full but the last, as
    /// <see cref="Split(T, int)"/> does. One still in wire form is cut between resource entries without decoding;
    /// only a resource that straddles a cut is decoded and divided.
    /// </summary>
    public IReadOnlyList<TelemetryRequest<T>> Split(TelemetryRequest<T> request, int maxItems)
    {
        if (!request.HasModel)
        {
            return WireSplitter.Split(this, Tree, request, maxItems);
        }

        var parts = Split(request.Message, maxItems);
        var result = new TelemetryRequest<T>[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            result[i] = TelemetryRequest<T>.FromModel(this, parts[i], request.Metadata);
        }

        return result;
    }

    /// <inheritdoc />
    public override DecodedRequest Decode(byte[] body, bool json, ClientMetadata metadata)
    {
        if (!json)
        {
            // The common case: well-formed bytes with good ids go on as bytes, never decoded unless a consumer needs the model.
            WireScan scan;
            try
            {
                scan = Validate(body);
            }
            catch (MalformedPayloadException ex)
            {
                throw new InvalidOtlpException($"cannot decode the protobuf {Name} request: {ex.Message}", ex);
            }

            if (!scan.IdProblem)
            {
                return new DecodedRequest(scan.Items == 0 ? null : TelemetryRequest<T>.FromBytes(this, body, metadata, scan.Items), 0, null);
            }
        }

        // JSON, or protobuf with malformed ids: decode, so exactly the bad items are dropped and named.
        T model;
        try
        {
            model = json ? ReadJson(body) : Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidOtlpException($"cannot decode the protobuf {Name} request: {ex.Message}", ex);
        }
        catch (OtlpJsonException ex)
        {
            throw new InvalidOtlpException($"cannot decode the JSON {Name} request: {ex.Message}", ex);
        }

        var (rejected, reason) = DropInvalidIds(model);
        int items = CountItems(model);
        return new DecodedRequest(items == 0 ? null : TelemetryRequest<T>.FromModel(this, model, metadata, items), rejected, reason);
    }

    /// <summary>Wraps serialized bytes.</summary>
    public TelemetryRequest<T> FromBytes(ReadOnlyMemory<byte> bytes, ClientMetadata? metadata = null) => TelemetryRequest<T>.FromBytes(this, bytes, metadata);

    /// <inheritdoc />
    public override TelemetryRequest FromBytes(ReadOnlyMemory<byte> bytes, ClientMetadata metadata, int itemCount) => TelemetryRequest<T>.FromBytes(this, bytes, metadata, itemCount);

    /// <inheritdoc />
    public override TelemetryRequest Concat(IReadOnlyList<TelemetryRequest> parts, ClientMetadata metadata)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var typed = new TelemetryRequest<T>[parts.Count];
        for (int i = 0; i < typed.Length; i++)
        {
            typed[i] = (TelemetryRequest<T>)parts[i];
        }

        return TelemetryRequest<T>.Concat(this, typed, metadata);
    }

    /// <inheritdoc />
    public override IReadOnlyList<TelemetryRequest> Split(TelemetryRequest request, int maxItems) => Split((TelemetryRequest<T>)request, maxItems);

    /// <summary>Wraps a decoded request.</summary>
    public TelemetryRequest<T> FromModel(T model, ClientMetadata? metadata = null) => TelemetryRequest<T>.FromModel(this, model, metadata);
}
