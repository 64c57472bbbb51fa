namespace MiniCollector.Pipeline.Consumers;

/// <summary>How a consumer dealt with a request. Ordered from best to worst for combining fan-out results.</summary>
public enum ConsumeOutcome
{
    /// <summary>Accepted; some items may have been rejected (partial success).</summary>
    Accepted,

    /// <summary>Permanently rejected because the data is bad: 400 / INVALID_ARGUMENT, never retried.</summary>
    Rejected,

    /// <summary>Permanently failed inside the collector: 500 / INTERNAL, never retried.</summary>
    Failed,

    /// <summary>Refused for now (overload, full queue, downstream unavailable): 503 / UNAVAILABLE, retried by the client.</summary>
    Refused,
}
