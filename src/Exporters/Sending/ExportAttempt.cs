namespace MiniCollector.Exporters.Sending;

/// <summary>The result of one attempt: outcome, the server's requested delay, rejected items and a message.</summary>
public readonly record struct ExportAttempt(ExportAttemptOutcome Outcome, TimeSpan? RetryAfter, long Rejected, string? Message)
{
    public static ExportAttempt Sent(long rejected = 0, string? message = null) => new(ExportAttemptOutcome.Success, null, rejected, message);

    public static ExportAttempt Retry(string message, TimeSpan? after = null) => new(ExportAttemptOutcome.Retryable, after, 0, message);

    public static ExportAttempt Fail(string message) => new(ExportAttemptOutcome.Permanent, null, 0, message);
}
