using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Pipeline.Tests.Graph;

/// <summary>How answers of fan-out branches combine into the one the client sees.</summary>
public sealed class ConsumeResultTests
{
    public static TheoryData<ConsumeOutcome, ConsumeOutcome, ConsumeOutcome> Pairs => new()
    {
        { ConsumeOutcome.Accepted, ConsumeOutcome.Accepted, ConsumeOutcome.Accepted },
        { ConsumeOutcome.Accepted, ConsumeOutcome.Rejected, ConsumeOutcome.Rejected },
        { ConsumeOutcome.Accepted, ConsumeOutcome.Failed, ConsumeOutcome.Failed },
        { ConsumeOutcome.Accepted, ConsumeOutcome.Refused, ConsumeOutcome.Refused },
        { ConsumeOutcome.Rejected, ConsumeOutcome.Failed, ConsumeOutcome.Failed },
        { ConsumeOutcome.Rejected, ConsumeOutcome.Refused, ConsumeOutcome.Refused },
        { ConsumeOutcome.Failed, ConsumeOutcome.Refused, ConsumeOutcome.Refused },
        { ConsumeOutcome.Rejected, ConsumeOutcome.Rejected, ConsumeOutcome.Rejected },
        { ConsumeOutcome.Failed, ConsumeOutcome.Failed, ConsumeOutcome.Failed },
        { ConsumeOutcome.Refused, ConsumeOutcome.Refused, ConsumeOutcome.Refused },
    };

    private static ConsumeResult Of(ConsumeOutcome outcome) => outcome switch
    {
        ConsumeOutcome.Accepted => ConsumeResult.Success,
        ConsumeOutcome.Rejected => ConsumeResult.Reject("rejected"),
        ConsumeOutcome.Failed => ConsumeResult.Fail("failed"),
        _ => ConsumeResult.Refuse("refused"),
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Refused_beats_failed_beats_rejected_beats_accepted_in_either_order(ConsumeOutcome a, ConsumeOutcome b, ConsumeOutcome expected)
    {
        Assert.Equal(expected, Of(a).CombineWith(Of(b)).Outcome);
        Assert.Equal(expected, Of(b).CombineWith(Of(a)).Outcome);
    }

    [Fact]
    public void Success_is_the_neutral_starting_point()
    {
        var success = ConsumeResult.Success;

        Assert.True(success.IsAccepted);
        Assert.Equal(0, success.RejectedItems);
        Assert.Null(success.Message);
        Assert.Null(success.RetryAfter);
        Assert.Equal(ConsumeResult.Partial(3, "x"), success.CombineWith(ConsumeResult.Partial(3, "x")));
        Assert.Equal(ConsumeResult.Refuse("r"), success.CombineWith(ConsumeResult.Refuse("r")));
    }

    [Fact]
    public void Rejected_counts_take_the_largest_share()
    {
        var combined = ConsumeResult.Partial(3, "3 bad").CombineWith(ConsumeResult.Partial(5, "5 bad"));

        Assert.Equal(ConsumeOutcome.Accepted, combined.Outcome);
        Assert.Equal(5, combined.RejectedItems);
        Assert.Equal(5, ConsumeResult.Partial(5, "a").CombineWith(ConsumeResult.Partial(3, "b")).RejectedItems);
        Assert.Equal(4, ConsumeResult.Success.CombineWith(ConsumeResult.Partial(4, "c")).RejectedItems);
    }

    [Fact]
    public void The_worse_outcome_is_kept_whole()
    {
        var combined = ConsumeResult.Partial(7, "partial").CombineWith(ConsumeResult.Refuse("busy", TimeSpan.FromSeconds(2)));

        Assert.Equal(ConsumeResult.Refuse("busy", TimeSpan.FromSeconds(2)), combined);
        Assert.False(combined.IsAccepted);
    }

    [Fact]
    public void Messages_of_equal_outcomes_are_joined_once()
    {
        Assert.Equal("a; b", ConsumeResult.Fail("a").CombineWith(ConsumeResult.Fail("b")).Message);
        Assert.Equal("same", ConsumeResult.Fail("same").CombineWith(ConsumeResult.Fail("same")).Message);
        Assert.Equal("x", ConsumeResult.Success.CombineWith(ConsumeResult.Partial(0, "x")).Message);
        Assert.Equal("x", ConsumeResult.Partial(0, "x").CombineWith(ConsumeResult.Success).Message);
    }

    [Fact]
    public void The_longest_retry_delay_is_kept()
    {
        var a = ConsumeResult.Refuse("a", TimeSpan.FromSeconds(1));
        var b = ConsumeResult.Refuse("b", TimeSpan.FromSeconds(5));
        var none = ConsumeResult.Refuse("c");

        Assert.Equal(TimeSpan.FromSeconds(5), a.CombineWith(b).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(5), b.CombineWith(a).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(1), none.CombineWith(a).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(1), a.CombineWith(none).RetryAfter);
    }

    [Fact]
    public void The_reason_travels_with_the_worse_outcome_and_with_the_larger_rejected_share()
    {
        var full = ConsumeResult.Refuse("queue full", reason: DropReason.QueueFull);
        var rejected = ConsumeResult.Fail("no", DropReason.DownstreamRejected);

        Assert.Equal(DropReason.QueueFull, rejected.CombineWith(full).Reason);
        Assert.Equal(DropReason.QueueFull, full.CombineWith(rejected).Reason);
        Assert.Equal(DropReason.QueueFull, ConsumeResult.Refuse("busy").CombineWith(full).Reason);
        Assert.Equal(DropReason.PartialSuccess, ConsumeResult.Success.CombineWith(ConsumeResult.Partial(2, "x")).Reason);
        Assert.Equal(DropReason.QueueStorage, ConsumeResult.Partial(2, "a").CombineWith(ConsumeResult.Partial(5, "b", DropReason.QueueStorage)).Reason);
        Assert.Equal(DropReason.PartialSuccess, ConsumeResult.Partial(5, "a").CombineWith(ConsumeResult.Partial(2, "b", DropReason.QueueStorage)).Reason);
    }

    [Fact]
    public void Items_dropped_by_the_receiver_carry_its_reason_unless_the_pipeline_rejected_items_too()
    {
        var dropped = ConsumeResult.Success.WithItemsDroppedBefore(3, "bad ids", DropReason.InvalidId);
        Assert.Equal((3L, DropReason.InvalidId), (dropped.RejectedItems, dropped.Reason));

        var both = ConsumeResult.Partial(2, "downstream").WithItemsDroppedBefore(3, "bad ids", DropReason.InvalidId);
        Assert.Equal((5L, DropReason.PartialSuccess), (both.RejectedItems, both.Reason));
    }

    [Fact]
    public void Every_reason_has_a_distinct_snake_case_label()
    {
        var labels = Enum.GetValues<DropReason>().Select(r => r.Label()).ToList();

        Assert.Equal(Enum.GetValues<DropReason>().Length, DropReasons.Count);
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.All(labels, l => Assert.Matches("^[a-z]+(_[a-z]+)*$", l));
        Assert.Equal("memory_limiter", DropReason.MemoryLimiter.Label());
        Assert.Equal("retries_exhausted", DropReason.RetriesExhausted.Label());
    }
}
