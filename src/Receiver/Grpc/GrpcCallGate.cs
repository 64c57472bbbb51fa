using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Otlp;
using MiniCollector.Receiver.Otlp;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// What the receiver decides before Grpc.AspNetCore reads a call's message, in the reference's order: POST and a
/// gRPC content-type, credentials (health checks included, as the reference's auth interceptor does), a served
/// method, the pipelines' admission (the memory limiter refuses before the body is read), and <c>grpc-timeout</c>
/// (Grpc.AspNetCore ignores a malformed or zero timeout; the reference fails the call). Then the body is handed on
/// behind the <see cref="UnaryFrameGuard"/>.
/// </summary>
internal sealed class GrpcCallGate(OtlpGrpcService service)
{
    /// <summary>The middleware, for <c>IApplicationBuilder.Use</c>.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
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

        if (service.Authenticator is { } authenticator)
        {
            var auth = await authenticator.AuthenticateAsync(request.Headers, context.RequestAborted).ConfigureAwait(false);
            if (!auth.Succeeded)
            {
                service.Logger.LogDebug("Refused an unauthenticated call from {Remote}: {Reason}", context.Connection.RemoteIpAddress, auth.Failure);
                GrpcResponseWriter.WriteError(context, GrpcStatusCode.Unauthenticated, "missing or invalid credentials");
                return;
            }
        }

        var path = request.Path.Value ?? string.Empty;
        if (!service.TryFind(path, out var gates))
        {
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.Unimplemented, $"unknown service or method {path}");
            return;
        }

        if (!gates.TryAdmit(out var retryAfter, out var refusal))
        {
            var refused = RefusalStatus.Create(ConsumeResult.Refuse(refusal, retryAfter), out _);
            GrpcResponseWriter.WriteError(context, GrpcStatusCode.Unavailable, refused.Message, refused);
            return;
        }

        var timeout = request.Headers["grpc-timeout"];
        if (timeout.Count > 0)
        {
            if (!GrpcTimeout.TryParse(timeout.ToString(), out var value))
            {
                GrpcResponseWriter.WriteError(context, GrpcStatusCode.Internal, $"malformed grpc-timeout \"{timeout}\"");
                return;
            }

            if (value <= TimeSpan.Zero)
            {
                GrpcResponseWriter.WriteError(context, GrpcStatusCode.DeadlineExceeded, "deadline exceeded (grpc-timeout)");
                return;
            }
        }

        context.Features.Set<IRequestBodyPipeFeature>(new UnaryFrameGuard(request.BodyReader, service.Options.MaxRecvMsgSizeBytes));
        context.Response.Headers["grpc-accept-encoding"] = GrpcResponseWriter.AcceptEncoding;
        await next(context).ConfigureAwait(false);
    }

    private static bool IsGrpcProto(string contentType)
        => contentType.Equals("application/grpc", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/grpc+proto", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/grpc;", StringComparison.OrdinalIgnoreCase);
}
