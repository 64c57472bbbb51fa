namespace MiniCollector.Pipeline.Consumers;

/// <summary>
/// Why items were refused, dropped or given up on. It travels with a <see cref="ConsumeResult"/> back to the receiver
/// and labels the <c>minicollector_*</c> counters that break the reference's refused/failed totals down
/// (<see cref="DropReasons.Label"/>), so a user can tell a full queue from a memory limit from a downstream's "no".
/// </summary>
public enum DropReason
{
    /// <summary>No reason was given (a component that does not say).</summary>
    Unspecified,

    /// <summary>The receiver dropped items whose trace or span id is malformed.</summary>
    InvalidId,

    /// <summary>A <c>memory_limiter</c> refused the data: the heap is above its soft limit.</summary>
    MemoryLimiter,

    /// <summary>A batch processor's buffer was full.</summary>
    BatchBufferFull,

    /// <summary>A batch processor would need more metadata-value combinations than <c>metadata_cardinality_limit</c>.</summary>
    MetadataCardinalityLimit,

    /// <summary>An exporter's sending queue was full.</summary>
    QueueFull,

    /// <summary>An exporter's persistent queue could not be written, or a record of it could not be read back.</summary>
    QueueStorage,

    /// <summary>The collector was shutting down (refused), or its shutdown deadline came with the items unsent (dropped).</summary>
    Shutdown,

    /// <summary>The destination rejected the data for good (a permanent error: never retried).</summary>
    DownstreamRejected,

    /// <summary>The destination accepted the request but rejected some of its items (OTLP partial success).</summary>
    PartialSuccess,

    /// <summary>The destination kept failing with retryable errors until <c>retry_on_failure</c> gave up (or it is disabled).</summary>
    RetriesExhausted,

    /// <summary>The client cancelled or its deadline passed before every exporter took the data.</summary>
    Cancelled,

    /// <summary>The collector failed inside (a bug or an unexpected error).</summary>
    Internal,
}
