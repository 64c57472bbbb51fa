using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniCollector.Otlp.Health;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Otlp;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Receivers.Otlp;

namespace MiniCollector.Receivers.Otlp.Grpc;

/// <summary>
/// Serves the three unary OTLP Export methods and <c>grpc.health.v1.Health/Check</c> over HTTP/2, mapping every
/// outcome to the gRPC status the OTLP spec prescribes.
/// </summary>
public sealed class OtlpGrpcHandler
{
    private const string HealthCheckPath = "/grpc.health.v1.Health/Check";

    private readonly GrpcServerOptions _options;
    private readonly Dictionary<string, (SignalKind Kind, IConsumer Consumer, AdmissionGates Gates)> _methods = new(StringComparer.Ordinal);
    private readonly IServerAuthenticator? _authenticator;
    private readonly ILogger _logger;
    private readonly SignalConsumers _consumers;
    private volatile bool _serving = true;

    public OtlpGrpcHandler(GrpcServerOptions options, SignalConsumers consumers, ILogger logger, IServerAuthenticator? authenticator = null)
    {
        _options = options;
        _consumers = consumers;
        _logger = logger;
        _authenticator = authenticator;
        foreach (var kind in SignalKind.All)
        {
            Add(kind.GrpcExportPath, kind, consumers.For(kind.Signal), consumers.GatesFor(kind.Signal));
        }
    }

    /// <summary>Set false when shutdown begins, so health checks report NOT_SERVING.</summary>
    public bool Serving
    {
        get => _serving;
        set => _serving = value;
    }

    /// <summary>This transport's receiver counters.</summary>
    public ReceiverTelemetry Telemetry { get; init; } = new("otlp", "grpc");

    /// <summary>Handles one HTTP/2 request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.Internal, $"gRPC requires POST, got {request.Method}", httpStatus: StatusCodes.Status405MethodNotAllowed);
            return;
        }

        var contentType = request.ContentType ?? string.Empty;
        if (!IsGrpcProto(contentType))
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.Internal, $"unsupported content-type \"{contentType}\" (expected application/grpc or application/grpc+proto)", httpStatus: StatusCodes.Status415UnsupportedMediaType);
            return;
        }

        // Credentials first, health checks included (as the reference's auth interceptor does).
        if (_authenticator is not null)
        {
            var auth = await _authenticator.AuthenticateAsync(request.Headers, context.RequestAborted).ConfigureAwait(false);
            if (!auth.Succeeded)
            {
                _logger.LogDebug("Refused an unauthenticated call from {Remote}: {Reason}", context.Connection.RemoteIpAddress, auth.Failure);
                GrpcResponseWriter.WriteError(context, GrpcStatusCode.Unauthenticated, "missing or invalid credentials");
                return;
            }
        }

        var path = request.Path.Value ?? string.Empty;
        bool isHealth = path == HealthCheckPath;
        if (!isHealth && !(_methods.TryGetValue(path, out var method) && _consumers.Serves(method.Kind.Signal)))
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.Unimplemented, $"unknown service or method {path}");
            return;
        }

        if (!isHealth && !_methods[path].Gates.TryAdmit(out var retryAfter, out var refusal))
        {
            var refused = RefusalStatus.Create(ConsumeResult.Refuse(refusal, retryAfter, DropReason.MemoryLimiter), out _);
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.Unavailable, refused.Message, refused);
            return;
        }

        using var deadline = CallDeadline.FromHeader(request.Headers[GrpcHeaders.Timeout].ToString(), context.RequestAborted, out var malformedTimeout);
        if (malformedTimeout is not null)
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.Internal, $"malformed grpc-timeout \"{malformedTimeout}\"");
            return;
        }

        var token = deadline?.Token ?? context.RequestAborted;
        try
        {
            var message = await GrpcRequestReader.ReadAsync(request.BodyReader, request.Headers[GrpcHeaders.Encoding].ToString(), _options.MaxRecvMsgSizeBytes, token).ConfigureAwait(false);
            if (!message.IsOk)
            {
                GrpcResponseWriter.WriteError(context, message.Status, message.Error!);
                return;
            }

            if (isHealth)
            {
                await CheckHealthAsync(context, message.Message).ConfigureAwait(false);
                return;
            }

            await ExportAsync(context, _methods[path], message.Message, deadline, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline is not null && deadline.Expired && !context.RequestAborted.IsCancellationRequested)
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.DeadlineExceeded, "deadline exceeded (grpc-timeout)");
        }
    }

    private async Task ExportAsync(HttpContext context, (SignalKind Kind, IConsumer Consumer, AdmissionGates Gates) method, byte[] message, CallDeadline? deadline, CancellationToken token)
    {
        DecodedRequest decoded;
        try
        {
            decoded = method.Kind.Decode(message, json: false, _options.IncludeMetadata ? RequestMetadata.From(context.Request) : ClientMetadata.Empty);
        }
        catch (InvalidOtlpException ex)
        {
            _logger.LogDebug("Rejected a malformed {Signal} request: {Message}", method.Kind.Signal, ex.Message);
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.InvalidArgument, ex.Message);
            return;
        }

        // An expired call is not passed on: its client has given up and will retry.
        if (deadline is not null && deadline.Expired)
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.DeadlineExceeded, "deadline exceeded (grpc-timeout) before the data reached the pipeline");
            return;
        }

        var result = ConsumeResult.Success;
        if (decoded.Request is not null)
        {
            result = await method.Consumer.ConsumeAsync(decoded.Request, token).AsTask().WaitAsync(token).ConfigureAwait(false);
        }

        Telemetry.Record(method.Kind.Signal, result, decoded.Request?.ItemCount ?? 0, decoded.Rejected);
        if (decoded.Rejected > 0)
        {
            result = result.WithItemsDroppedBefore(decoded.Rejected, decoded.RejectReason!, DropReason.InvalidId);
        }

        switch (result.Outcome)
        {
            case ConsumeOutcome.Accepted:
                var response = method.Kind.Response(result.RejectedItems, result.RejectedItems > 0 || !string.IsNullOrEmpty(result.Message) ? result.Message : null);
                await GrpcResponseWriter.WriteMessageAsync(context, response).ConfigureAwait(false);
                break;
            case ConsumeOutcome.Refused:
                var status = RefusalStatus.Create(result, out _);
                GrpcResponseWriter.WriteError(context, GrpcStatusCode.Unavailable, status.Message, status);
                break;
            case ConsumeOutcome.Rejected:
                GrpcResponseWriter.WriteError(context, GrpcStatusCode.InvalidArgument, result.Message ?? "invalid data");
                break;
            default:
                GrpcResponseWriter.WriteError(context, GrpcStatusCode.Internal, result.Message ?? "internal error");
                break;
        }
    }

    private async Task CheckHealthAsync(HttpContext context, byte[] message)
    {
        HealthCheckRequest request;
        try
        {
            request = HealthCheckRequest.Parser.ParseFrom(message);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.InvalidArgument, "cannot decode the HealthCheckRequest: " + ex.Message);
            return;
        }

        // "" is the server as a whole; the OTLP services are known by their full names.
        if (request.Service.Length > 0 && !_methods.Any(m => _consumers.Serves(m.Value.Kind.Signal) && m.Key.AsSpan(1).StartsWith(request.Service + "/", StringComparison.Ordinal)))
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.NotFound, $"unknown service \"{request.Service}\"");
            return;
        }

        var status = _serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;
        await GrpcResponseWriter.WriteMessageAsync(context, new HealthCheckResponse { Status = status }).ConfigureAwait(false);
    }

    private static bool IsGrpcProto(string contentType)
        => contentType.Equals(GrpcHeaders.ContentType, StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/grpc+proto", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/grpc;", StringComparison.OrdinalIgnoreCase);

    private void Add(string path, SignalKind kind, IConsumer? consumer, AdmissionGates gates)
    {
        // Like the reference, a signal without a pipeline has no service (UNIMPLEMENTED).
        if (consumer is not null)
        {
            _methods[path] = (kind, consumer, gates);
        }
    }
}
