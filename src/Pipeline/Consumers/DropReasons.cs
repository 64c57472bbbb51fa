namespace MiniCollector.Pipeline.Consumers;

/// <summary>The label value of each <see cref="DropReason"/>, as the <c>reason</c> label of the self-metrics shows it.</summary>
public static class DropReasons
{
    private static readonly string[] Labels =
    [
        "unspecified",
        "invalid_id",
        "memory_limiter",
        "batch_buffer_full",
        "metadata_cardinality_limit",
        "queue_full",
        "queue_storage",
        "shutdown",
        "downstream_rejected",
        "partial_success",
        "retries_exhausted",
        "cancelled",
        "internal",
    ];

    /// <summary>How many reasons there are.</summary>
    public static int Count => Labels.Length;

    /// <summary>The reason's label value, e.g. <c>queue_full</c>.</summary>
    public static string Label(this DropReason reason) => Labels[(int)reason];
}
