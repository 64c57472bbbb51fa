using Google.Protobuf;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Receiver.Otlp;

/// <summary>
/// Validates or decodes one signal's export requests (protobuf or OTLP/JSON), drops items whose ids have the wrong length
/// (counted for partial success), and builds that signal's response message. Shared by the HTTP and gRPC protocols.
/// </summary>
public abstract class SignalCodec
{
    /// <summary>The signal decoded.</summary>
    public abstract Signal Signal { get; }

    /// <summary>
    /// Decodes a body. Throws <see cref="InvalidOtlpException"/> when it is not a valid request; items with bad ids
    /// are removed and reported in the result instead.
    /// </summary>
    public abstract DecodedRequest Decode(byte[] body, bool json, ClientMetadata metadata);

    /// <summary>The <c>Export*ServiceResponse</c>, with <c>partial_success</c> set only when something was rejected or warned about.</summary>
    public abstract IMessage Response(long rejected, string? message);
}

/// <summary>What decoding produced: the request to pass on (null when nothing valid is left) and what was dropped.</summary>
public readonly record struct DecodedRequest(TelemetryRequest? Request, long Rejected, string? RejectReason);

/// <summary>The body is not a valid OTLP request; the message says why.</summary>
public sealed class InvalidOtlpException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A <see cref="SignalCodec"/> for one request type.</summary>
public sealed class SignalCodec<T> : SignalCodec
    where T : class, IMessage<T>, new()
{
    private readonly SignalKind<T> _kind;
    private readonly Func<byte[], T> _readJson;
    private readonly Func<T, (long Rejected, string? Reason)> _dropInvalid;

    public SignalCodec(SignalKind<T> kind, Func<byte[], T> readJson, Func<T, (long, string?)> dropInvalid)
    {
        _kind = kind;
        _readJson = readJson;
        _dropInvalid = dropInvalid;
    }

    /// <inheritdoc />
    public override Signal Signal => _kind.Signal;

    /// <inheritdoc />
    public override DecodedRequest Decode(byte[] body, bool json, ClientMetadata metadata)
    {
        if (!json)
        {
            // The common case: well-formed bytes with good ids go on as bytes, never decoded unless a consumer needs the model.
            WireScan scan;
            try
            {
                scan = _kind.Validate(body);
            }
            catch (MalformedPayloadException ex)
            {
                throw new InvalidOtlpException($"cannot decode the protobuf {Signal.Name()} request: {ex.Message}", ex);
            }

            if (!scan.IdProblem)
            {
                return new DecodedRequest(scan.Items == 0 ? null : TelemetryRequest<T>.FromBytes(_kind, body, metadata, scan.Items), 0, null);
            }
        }

        // JSON, or protobuf with malformed ids: decode, so exactly the bad items are dropped and named.
        T model;
        try
        {
            model = json ? _readJson(body) : _kind.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidOtlpException($"cannot decode the protobuf {Signal.Name()} request: {ex.Message}", ex);
        }
        catch (Pipeline.Otlp.Json.OtlpJsonException ex)
        {
            throw new InvalidOtlpException($"cannot decode the JSON {Signal.Name()} request: {ex.Message}", ex);
        }

        var (rejected, reason) = _dropInvalid(model);
        int items = _kind.CountItems(model);
        if (items == 0)
        {
            return new DecodedRequest(null, rejected, reason);
        }

        return new DecodedRequest(TelemetryRequest<T>.FromModel(_kind, model, metadata, items), rejected, reason);
    }

    /// <inheritdoc />
    public override IMessage Response(long rejected, string? message) => _kind.Response(rejected, message);
}
