using Google.Protobuf;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// Everything that differs between the signals, in one place: the request operations for code that handles all
/// signals without knowing the request type (wrap stored bytes, merge, split), and the signal's names on the wire
/// and in self-telemetry, its OTLP/JSON reader and its response. <see cref="For"/> is the one place a signal maps to
/// its kind; a new signal is one more subclass.
/// </summary>
public abstract class SignalKind
{
    private protected SignalKind()
    {
    }

    /// <summary>The signal this strategy handles.</summary>
    public abstract Signal Signal { get; }

    /// <summary>The name in <c>service::pipelines</c> ids, log lines and the OTLP/HTTP path (<c>traces</c>).</summary>
    public abstract string Name { get; }

    /// <summary>What one item is called in messages (<c>spans</c>, <c>data points</c>, <c>log records</c>).</summary>
    public abstract string ItemNoun { get; }

    /// <summary>The suffix of self-telemetry item counters, the reference's (<c>spans</c>, <c>metric_points</c>, <c>log_records</c>).</summary>
    public abstract string TelemetrySuffix { get; }

    /// <summary>The unit of those counters' instruments, the reference's (<c>{spans}</c>, <c>{datapoints}</c>, <c>{records}</c>).</summary>
    public abstract string TelemetryUnit { get; }

    /// <summary>The OTLP gRPC service's full name (<c>opentelemetry.proto.collector.trace.v1.TraceService</c>).</summary>
    public abstract string GrpcService { get; }

    /// <summary>The gRPC path of the service's one method, <c>/{service}/Export</c>.</summary>
    public string GrpcExportPath => "/" + GrpcService + "/Export";

    /// <summary>The OTLP/HTTP default path, <c>/v1/{name}</c>.</summary>
    public string HttpPath => "/v1/" + Name;

    /// <summary>Every signal's kind, in <see cref="Signal"/> order.</summary>
    public static IReadOnlyList<SignalKind> All { get; } = [TracesKind.Instance, MetricsKind.Instance, LogsKind.Instance];

    /// <summary>The strategy of a signal.</summary>
    public static SignalKind For(Signal signal) => All[(int)signal];

    /// <summary>The <c>Export*ServiceResponse</c>, with <c>partial_success</c> set only when something was rejected or warned about.</summary>
    public IMessage Response(long rejected, string? message)
        => rejected == 0 && message is null ? NewResponse() : NewResponse(rejected, message ?? string.Empty);

    /// <summary>Rejected items and the server's message of a response (protobuf or OTLP/JSON); (0, null) for an empty or fully successful one.</summary>
    public (long Rejected, string? Message) ReadPartialSuccess(ReadOnlySpan<byte> body, bool json)
    {
        if (body.IsEmpty)
        {
            return (0, null);
        }

        var (rejected, message) = ReadResponse(body, json);
        return (rejected, message.Length == 0 ? null : message);
    }

    /// <summary>An empty (fully successful) response.</summary>
    private protected abstract IMessage NewResponse();

    /// <summary>A response whose <c>partial_success</c> carries the rejected count and message.</summary>
    private protected abstract IMessage NewResponse(long rejected, string message);

    /// <summary>The <c>partial_success</c> fields of a non-empty response; (0, "") when it has none.</summary>
    private protected abstract (long Rejected, string Message) ReadResponse(ReadOnlySpan<byte> body, bool json);

    /// <summary>
    /// Turns a received body (protobuf, or OTLP/JSON when <paramref name="json"/>) into a request. Well-formed
    /// protobuf with good ids stays bytes; otherwise it is decoded and the items whose ids break an
    /// <see cref="IdRule"/> are removed and reported. Throws <see cref="InvalidOtlpException"/> when the body is not
    /// a valid request.
    /// </summary>
    public abstract DecodedRequest Decode(byte[] body, bool json, ClientMetadata metadata);

    /// <summary>Serializes a response for the client: protobuf, or OTLP/JSON when the request was JSON.</summary>
    public static byte[] Encode(IMessage response, bool json) => json ? OtlpJsonWriter.ToUtf8Bytes(response) : response.ToByteArray();

    /// <summary>Wraps serialized bytes whose item count is already known (negative: count on first need).</summary>
    public abstract TelemetryRequest FromBytes(ReadOnlyMemory<byte> bytes, ClientMetadata metadata, int itemCount);

    /// <summary>One request holding the parts in order, without copying them; the parts must be of this signal.</summary>
    public abstract TelemetryRequest Concat(IReadOnlyList<TelemetryRequest> parts, ClientMetadata metadata);

    /// <summary>Splits a request of this signal into requests of at most <paramref name="maxItems"/> items, all full but the last.</summary>
    public abstract IReadOnlyList<TelemetryRequest> Split(TelemetryRequest request, int maxItems);
}
