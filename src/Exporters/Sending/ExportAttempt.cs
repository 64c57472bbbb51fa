namespace MiniCollector.Exporters.Sending;

/// <summary>How one attempt to send a request downstream ended.</summary>
public enum ExportAttemptOutcome
{
    /// <summary>Accepted (fully, or partially with <see cref="ExportAttempt.Rejected"/> items refused for good).</summary>
    Success,

    /// <summary>Failed in a way the OTLP spec says to retry (UNAVAILABLE, 503, connection refused, ...).</summary>
    Retryable,

    /// <summary>Failed for good (INVALID_ARGUMENT, 400, ...): retrying cannot help.</summary>
    Permanent,
}

/// <summary>The result of one attempt: outcome, the server's requested delay, rejected items and a message.</summary>
public readonly record struct ExportAttempt(ExportAttemptOutcome Outcome, TimeSpan? RetryAfter, long Rejected, string? Message)
{
    public static ExportAttempt Sent(long rejected = 0, string? message = null) => new(ExportAttemptOutcome.Success, null, rejected, message);

    public static ExportAttempt Retry(string message, TimeSpan? after = null) => new(ExportAttemptOutcome.Retryable, after, 0, message);

    public static ExportAttempt Fail(string message) => new(ExportAttemptOutcome.Permanent, null, 0, message);
}

/// <summary>Sends one request downstream once (no retries); implemented by each exporter's protocol client.</summary>
public interface IRequestSender
{
    /// <summary>One attempt. Must not throw for network or protocol failures: they become a retryable or permanent attempt.</summary>
    Task<ExportAttempt> SendAsync(Pipeline.Payload.TelemetryRequest request, CancellationToken cancellationToken);
}
