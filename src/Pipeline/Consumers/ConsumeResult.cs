namespace MiniCollector.Pipeline.Consumers;

/// <summary>
/// What a consumer answers for one request; it travels back to the receiver and becomes the client's status.
/// </summary>
public readonly record struct ConsumeResult(ConsumeOutcome Outcome, long RejectedItems, string? Message, TimeSpan? RetryAfter)
{
    /// <summary>Why the request, or its rejected items, did not get through; <see cref="DropReason.Unspecified"/> on success.</summary>
    public DropReason Reason { get; init; }

    /// <summary>Everything accepted.</summary>
    public static ConsumeResult Success => default;

    /// <summary>Accepted except <paramref name="rejectedItems"/> items, explained by <paramref name="message"/>.</summary>
    public static ConsumeResult Partial(long rejectedItems, string message, DropReason reason = DropReason.PartialSuccess)
        => new(ConsumeOutcome.Accepted, rejectedItems, message, null) { Reason = reason };

    /// <summary>Refused for now; the client should retry, after <paramref name="retryAfter"/> when given.</summary>
    public static ConsumeResult Refuse(string message, TimeSpan? retryAfter = null, DropReason reason = DropReason.Unspecified)
        => new(ConsumeOutcome.Refused, 0, message, retryAfter) { Reason = reason };

    /// <summary>The data is bad and must not be retried.</summary>
    public static ConsumeResult Reject(string message, DropReason reason = DropReason.DownstreamRejected)
        => new(ConsumeOutcome.Rejected, 0, message, null) { Reason = reason };

    /// <summary>The collector failed permanently on this data.</summary>
    public static ConsumeResult Fail(string message, DropReason reason = DropReason.Internal)
        => new(ConsumeOutcome.Failed, 0, message, null) { Reason = reason };

    /// <summary>True for full or partial success.</summary>
    public bool IsAccepted => Outcome == ConsumeOutcome.Accepted;

    /// <summary>
    /// Adds items a receiver dropped itself (before the pipeline saw them) to this answer: the counts add up, since
    /// they are different items, and the answer stays a success even if the pipeline took nothing.
    /// </summary>
    public ConsumeResult WithItemsDroppedBefore(long rejectedItems, string reason, DropReason why)
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
        return new ConsumeResult(ConsumeOutcome.Accepted, RejectedItems + rejectedItems, message, RetryAfter) { Reason = RejectedItems > 0 ? Reason : why };
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
        // The reason of the larger rejected share, so the counters name the cause of most of the loss.
        var reason = Reason == DropReason.Unspecified || (other.Reason != DropReason.Unspecified && other.RejectedItems > RejectedItems) ? other.Reason : Reason;
        return new ConsumeResult(Outcome, Math.Max(RejectedItems, other.RejectedItems), message, retryAfter) { Reason = reason };
    }
}
