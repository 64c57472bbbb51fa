using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using MiniCollector.Otlp.Health;
using MiniCollector.Receiver.Otlp;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// How the receiver's messages cross Grpc.AspNetCore: an export request is copied once out of the request buffer,
/// checked by the validating wire scan and kept as bytes (decoded later only if a consumer needs the model); answers
/// are written straight into the response buffer. Undecodable requests become INVALID_ARGUMENT here.
/// </summary>
internal static class GrpcMarshallers
{
    /// <summary>Answers of every method: written, never read.</summary>
    public static readonly Marshaller<IMessage> Response = Marshallers.Create<IMessage>(
        (message, context) =>
        {
            context.SetPayloadLength(message.CalculateSize());
            message.WriteTo(context.GetBufferWriter());
            context.Complete();
        },
        _ => throw new NotSupportedException("the receiver does not read answers"));

    /// <summary><c>grpc.health.v1.HealthCheckRequest</c>.</summary>
    public static readonly Marshaller<HealthCheckRequest> HealthRequest = Marshallers.Create<HealthCheckRequest>(
        (_, _) => throw new NotSupportedException("the receiver does not send requests"),
        context =>
        {
            try
            {
                return HealthCheckRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence());
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or IndexOutOfRangeException or ArgumentException or OverflowException)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "cannot decode the HealthCheckRequest: " + ex.Message));
            }
        });

    /// <summary>One signal's <c>Export*ServiceRequest</c>, as scanned bytes.</summary>
    public static Marshaller<ScannedBody> ExportRequest(SignalCodec codec, ILogger logger) => Marshallers.Create<ScannedBody>(
        (_, _) => throw new NotSupportedException("the receiver does not send requests"),
        context =>
        {
            try
            {
                return codec.Scan(context.PayloadAsNewBuffer());
            }
            catch (InvalidOtlpException ex)
            {
                logger.LogDebug("Rejected a malformed {Signal} request: {Message}", codec.Signal, ex.Message);
                throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
            }
        });
}
