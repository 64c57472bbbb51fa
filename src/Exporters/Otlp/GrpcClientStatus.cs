using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Otlp;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Which gRPC statuses an OTLP client retries, per the OTLP spec's table.</summary>
internal static class GrpcClientStatus
{
    /// <summary>
    /// Retryable: CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS; RESOURCE_EXHAUSTED
    /// only when the server sent RetryInfo.
    /// </summary>
    public static bool IsRetryable(GrpcStatusCode code, bool hasRetryInfo) => code switch
    {
        GrpcStatusCode.Cancelled or GrpcStatusCode.DeadlineExceeded or GrpcStatusCode.Aborted or GrpcStatusCode.OutOfRange
            or GrpcStatusCode.Unavailable or GrpcStatusCode.DataLoss => true,
        GrpcStatusCode.ResourceExhausted => hasRetryInfo,
        _ => false,
    };

    /// <summary>The RetryInfo delay in a <c>grpc-status-details-bin</c> value, if any.</summary>
    public static TimeSpan? RetryDelay(string? detailsBin)
    {
        if (string.IsNullOrEmpty(detailsBin))
        {
            return null;
        }

        try
        {
            // Binary metadata may come unpadded.
            var padded = detailsBin.PadRight(detailsBin.Length + ((4 - (detailsBin.Length % 4)) % 4), '=');
            var status = Status.Parser.ParseFrom(Convert.FromBase64String(padded));
            foreach (var detail in status.Details)
            {
                if (detail.TryUnpack<RetryInfo>(out var info) && info.RetryDelay is not null)
                {
                    return info.RetryDelay.ToTimeSpan();
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or Google.Protobuf.InvalidProtocolBufferException)
        {
            // Malformed details carry no delay; the status code alone decides.
        }

        return null;
    }

    /// <summary>The gRPC code a non-200 HTTP answer stands for, per the gRPC spec's HTTP-to-gRPC mapping.</summary>
    public static GrpcStatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => GrpcStatusCode.Internal,
        401 => GrpcStatusCode.Unauthenticated,
        403 => GrpcStatusCode.PermissionDenied,
        404 => GrpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };
}
