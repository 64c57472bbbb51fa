using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Sending;

/// <summary>Sends one request downstream once (no retries); implemented by each exporter's protocol client.</summary>
public interface IRequestSender
{
    /// <summary>One attempt. Must not throw for network or protocol failures: they become a retryable or permanent attempt.</summary>
    Task<ExportAttempt> SendAsync(TelemetryRequest request, CancellationToken cancellationToken);
}
