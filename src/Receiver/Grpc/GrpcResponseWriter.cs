using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Otlp;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// Writes the trailers-only answers of calls refused before they reach Grpc.AspNetCore (auth, unknown method, admission,
/// malformed <c>grpc-timeout</c>); everything after that is answered by Grpc.AspNetCore from an <c>RpcException</c>.
/// </summary>
public static class GrpcResponseWriter
{
    /// <summary>The encodings we accept, advertised on every answer.</summary>
    public const string AcceptEncoding = "identity,gzip";

    /// <summary>
    /// Answers with status and message in the response headers and no body (a trailers-only response), optionally
    /// with a <c>google.rpc.Status</c> carrying details in <c>grpc-status-details-bin</c>.
    /// </summary>
    public static void WriteError(HttpContext context, GrpcStatusCode code, string message, Status? details = null, int httpStatus = StatusCodes.Status200OK)
    {
        var response = context.Response;
        response.StatusCode = httpStatus;
        response.ContentType = "application/grpc";
        response.Headers["grpc-accept-encoding"] = AcceptEncoding;
        response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = GrpcMessageText.Encode(message);
        if (details is not null)
        {
            // Binary metadata is base64; gRPC implementations emit it unpadded.
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(details.ToByteArray()).TrimEnd('=');
        }
    }
}
