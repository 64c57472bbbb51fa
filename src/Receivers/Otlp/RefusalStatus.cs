using Google.Protobuf.WellKnownTypes;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Receivers.Otlp;

/// <summary>The <c>google.rpc.Status</c> answering a retryable refusal: UNAVAILABLE with a <c>RetryInfo</c> delay.</summary>
public static class RefusalStatus
{
    /// <summary>Used when the refusing component names no delay.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Builds the status for a refused consume; <paramref name="delay"/> is the delay it advertises.</summary>
    public static Status Create(ConsumeResult result, out TimeSpan delay)
    {
        delay = result.RetryAfter ?? DefaultRetryDelay;
        var status = new Status { Code = 14, Message = result.Message ?? "data refused, retry later" };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        return status;
    }
}
