using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using MiniCollector.Otlp.Health;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Receiver.Otlp;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// The OTLP receiver's gRPC service: the three unary Export methods (only for signals that have a pipeline, as in the
/// reference) and <c>grpc.health.v1.Health/Check</c>, mapping every outcome to the gRPC status the OTLP spec prescribes.
/// </summary>
public sealed class OtlpGrpcService
{
    private const string HealthServiceName = "grpc.health.v1.Health";

    private readonly Dictionary<string, ExportMethod> _exports = new(StringComparer.Ordinal);
    private readonly HashSet<string> _serviceNames = new(StringComparer.Ordinal);
    private volatile bool _serving = true;

    public OtlpGrpcService(GrpcServerOptions options, SignalConsumers consumers, ILogger logger, IServerAuthenticator? authenticator = null)
    {
        Options = options;
        Logger = logger;
        Authenticator = authenticator;
        foreach (var kind in SignalKind.All)
        {
            if (consumers.For(kind.Signal) is not { } consumer)
            {
                continue;
            }

            var codec = SignalCodecs.For(kind.Signal);
            var path = kind.GrpcExportPath;
            int slash = path.LastIndexOf('/');
            var service = path[1..slash];
            var method = new Method<ScannedBody, IMessage>(MethodType.Unary, service, path[(slash + 1)..], GrpcMarshallers.ExportRequest(codec, logger), GrpcMarshallers.Response);
            _exports[path] = new ExportMethod(method, codec, consumer, consumers.GatesFor(kind.Signal));
            _serviceNames.Add(service);
        }

        HealthCheck = new Method<HealthCheckRequest, IMessage>(MethodType.Unary, HealthServiceName, "Check", GrpcMarshallers.HealthRequest, GrpcMarshallers.Response);
    }

    /// <summary>Set false when shutdown begins, so health checks report NOT_SERVING.</summary>
    public bool Serving
    {
        get => _serving;
        set => _serving = value;
    }

    /// <summary>This transport's receiver counters.</summary>
    public ReceiverTelemetry Telemetry { get; init; } = new("otlp", "grpc");

    internal GrpcServerOptions Options { get; }

    internal ILogger Logger { get; }

    internal IServerAuthenticator? Authenticator { get; }

    internal IEnumerable<ExportMethod> Exports => _exports.Values;

    internal Method<HealthCheckRequest, IMessage> HealthCheck { get; }

    /// <summary>True for a served method; <paramref name="gates"/> are the admission gates of its pipelines.</summary>
    internal bool TryFind(string path, out AdmissionGates gates)
    {
        if (_exports.TryGetValue(path, out var export))
        {
            gates = export.Gates;
            return true;
        }

        gates = AdmissionGates.None;
        return path == HealthCheck.FullName;
    }

    /// <summary>One Export call, its request already scanned by the marshaller.</summary>
    internal async Task<IMessage> ExportAsync(ExportMethod method, ScannedBody body, ServerCallContext call)
    {
        DecodedRequest decoded;
        try
        {
            decoded = method.Codec.Decode(body, Options.IncludeMetadata ? RequestMetadata.From(call.GetHttpContext().Request) : ClientMetadata.Empty);
        }
        catch (InvalidOtlpException ex)
        {
            Logger.LogDebug("Rejected a malformed {Signal} request: {Message}", method.Codec.Signal, ex.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }

        // An expired call is not passed on: its client has given up and will retry.
        var token = call.CancellationToken;
        if (token.IsCancellationRequested || call.Deadline <= DateTime.UtcNow)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "deadline exceeded (grpc-timeout) before the data reached the pipeline"));
        }

        var result = ConsumeResult.Success;
        if (decoded.Request is not null)
        {
            result = await method.Consumer.ConsumeAsync(decoded.Request, token).AsTask().WaitAsync(token).ConfigureAwait(false);
        }

        Telemetry.Record(method.Codec.Signal, result.Outcome, decoded.Request?.ItemCount ?? 0, decoded.Rejected);
        if (decoded.Rejected > 0)
        {
            result = result.WithItemsDroppedBefore(decoded.Rejected, decoded.RejectReason!);
        }

        switch (result.Outcome)
        {
            case ConsumeOutcome.Accepted:
                return method.Codec.Response(result.RejectedItems, result.RejectedItems > 0 || !string.IsNullOrEmpty(result.Message) ? result.Message : null);
            case ConsumeOutcome.Refused:
                var status = RefusalStatus.Create(result, out _);
                throw new RpcException(new Status(StatusCode.Unavailable, status.Message), new Metadata { { "grpc-status-details-bin", status.ToByteArray() } });
            case ConsumeOutcome.Rejected:
                throw new RpcException(new Status(StatusCode.InvalidArgument, result.Message ?? "invalid data"));
            default:
                throw new RpcException(new Status(StatusCode.Internal, result.Message ?? "internal error"));
        }
    }

    /// <summary><c>grpc.health.v1.Health/Check</c>: "" is the server as a whole; the OTLP services are known by their full names.</summary>
    internal Task<IMessage> CheckHealthAsync(HealthCheckRequest request, ServerCallContext call)
    {
        if (request.Service.Length > 0 && !_serviceNames.Contains(request.Service))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"unknown service \"{request.Service}\""));
        }

        var status = _serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;
        return Task.FromResult<IMessage>(new HealthCheckResponse { Status = status });
    }

    /// <summary>A served Export method and what it feeds.</summary>
    internal sealed record ExportMethod(Method<ScannedBody, IMessage> Method, SignalCodec Codec, IConsumer Consumer, AdmissionGates Gates);
}
