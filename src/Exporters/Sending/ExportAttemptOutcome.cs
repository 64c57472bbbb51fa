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
