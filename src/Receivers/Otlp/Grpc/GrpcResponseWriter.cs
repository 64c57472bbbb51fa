using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Otlp;

namespace MiniCollector.Receivers.Otlp.Grpc;

/// <summary>Writes gRPC answers: a framed message with OK trailers, or a trailers-only error.</summary>
public static class GrpcResponseWriter
{
    /// <summary>The encodings we accept, advertised on every answer.</summary>
    public const string AcceptEncoding = "identity,gzip";

    /// <summary>Writes one uncompressed, length-prefixed message followed by <c>grpc-status: 0</c> trailers.</summary>
    public static async Task WriteMessageAsync(HttpContext context, IMessage message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcHeaders.ContentType;
        response.Headers[GrpcHeaders.AcceptEncoding] = AcceptEncoding;
        int size = message.CalculateSize();
        var buffer = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1), (uint)size);
        message.WriteTo(buffer.AsSpan(5));
        await response.Body.WriteAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        response.AppendTrailer(GrpcHeaders.Status, "0");
    }

    /// <summary>
    /// Answers with status and message in the response headers and no body (a trailers-only response), optionally
    /// with a <c>google.rpc.Status</c> carrying details in <c>grpc-status-details-bin</c>.
    /// </summary>
    public static void WriteError(HttpContext context, GrpcStatusCode code, string message, Status? details = null, int httpStatus = StatusCodes.Status200OK)
    {
        var response = context.Response;
        response.StatusCode = httpStatus;
        response.ContentType = GrpcHeaders.ContentType;
        response.Headers[GrpcHeaders.AcceptEncoding] = AcceptEncoding;
        response.Headers[GrpcHeaders.Status] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[GrpcHeaders.Message] = GrpcMessageText.Encode(message);
        if (details is not null)
        {
            // Binary metadata is base64; gRPC implementations emit it unpadded.
            response.Headers[GrpcHeaders.StatusDetails] = Convert.ToBase64String(details.ToByteArray()).TrimEnd('=');
        }
    }
}
