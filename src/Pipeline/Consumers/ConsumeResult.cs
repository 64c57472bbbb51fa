namespace MiniCollector.Pipeline.Consumers;

/// <summary>
/// What a consumer answers for one request; it travels back to the receiver and becomes the client's status.
/// </summary>
public readonly record struct ConsumeResult(ConsumeOutcome Outcome, long RejectedItems, string? Message, TimeSpan? RetryAfter)
{
    /// <summary>Everything accepted.</summary>
    public static ConsumeResult Success => default;

    /// <summary>Accepted except <paramref name="rejectedItems"/> items, explained by <paramref name="message"/>.</summary>
    public static ConsumeResult Partial(long rejectedItems, string message) => new(ConsumeOutcome.Accepted, rejectedItems, message, null);

    /// <summary>Refused for now; the client should retry, after <paramref name="retryAfter"/> when given.</summary>
    public static ConsumeResult Refuse(string message, TimeSpan? retryAfter = null) => new(ConsumeOutcome.Refused, 0, message, retryAfter);

    /// <summary>The data is bad and must not be retried.</summary>
    public static ConsumeResult Reject(string message) => new(ConsumeOutcome.Rejected, 0, message, null);

    /// <summary>The collector failed permanently on this data.</summary>
    public static ConsumeResult Fail(string message) => new(ConsumeOutcome.Failed, 0, message, null);

    /// <summary>True for full or partial success.</summary>
    public bool IsAccepted => Outcome == ConsumeOutcome.Accepted;

    /// <summary>
    /// Adds items a receiver dropped itself (before the pipeline saw them) to this answer: the counts add up, since
    /// they are different items, and the answer stays a success even if the pipeline took nothing.
    /// </summary>
    public ConsumeResult WithItemsDroppedBefore(long rejectedItems, string reason)
    {
        if (rejectedItems == 0)
        {
            return this;
        }

        if (Outcome != ConsumeOutcome.Accepted)
        {
            return this;
        }

        var message = string.IsNullOrEmpty(Message) ? reason : reason + "; " + Message;
        return new ConsumeResult(ConsumeOutcome.Accepted, RejectedItems + rejectedItems, message, RetryAfter);
    }

    /// <summary>
    /// Combines the answers of two branches of a fan-out: the worse outcome wins (a retryable refusal over a
    /// permanent one, so a client retry can still deliver to the branch that failed), and rejected counts keep
    /// the largest share any branch rejected.
    /// </summary>
    public ConsumeResult CombineWith(ConsumeResult other)
    {
        if (other.Outcome > Outcome)
        {
            return other;
        }

        if (other.Outcome < Outcome)
        {
            return this;
        }

        var message = Message is null ? other.Message : other.Message is null || other.Message == Message ? Message : Message + "; " + other.Message;
        var retryAfter = RetryAfter is null ? other.RetryAfter : other.RetryAfter is null ? RetryAfter : RetryAfter > other.RetryAfter ? RetryAfter : other.RetryAfter;
        return new ConsumeResult(Outcome, Math.Max(RejectedItems, other.RejectedItems), message, retryAfter);
    }
}
