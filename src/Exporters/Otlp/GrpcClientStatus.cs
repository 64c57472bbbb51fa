using MiniCollector.Otlp.Rpc;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Which gRPC statuses an OTLP client retries, per the OTLP spec's table.</summary>
internal static class GrpcClientStatus
{
    private const int Cancelled = 1;
    private const int DeadlineExceeded = 4;
    private const int ResourceExhausted = 8;
    private const int Aborted = 10;
    private const int OutOfRange = 11;
    private const int Unavailable = 14;
    private const int DataLoss = 15;

    /// <summary>
    /// Retryable: CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS; RESOURCE_EXHAUSTED
    /// only when the server sent RetryInfo.
    /// </summary>
    public static bool IsRetryable(int code, bool hasRetryInfo) => code switch
    {
        Cancelled or DeadlineExceeded or Aborted or OutOfRange or Unavailable or DataLoss => true,
        ResourceExhausted => hasRetryInfo,
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
    public static int FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => 13,
        401 => 16,
        403 => 7,
        404 => 12,
        429 or 502 or 503 or 504 => Unavailable,
        _ => 2,
    };
}
