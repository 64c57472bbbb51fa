using MiniCollector.Extensions.FileStorage;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>The oldest incomplete record, as records complete in any order.</summary>
public sealed class CompletionTrackerTests
{
    [Fact]
    public void Done_up_to_is_the_oldest_incomplete_record()
    {
        var tracker = new CompletionTracker();
        for (long s = 1; s <= 5; s++)
        {
            tracker.Add(s);
        }

        Assert.Equal(1, tracker.DoneUpTo);
        Assert.True(tracker.Complete(3));
        Assert.True(tracker.Complete(2));
        Assert.Equal(1, tracker.DoneUpTo);
        Assert.True(tracker.Complete(1));
        Assert.Equal(4, tracker.DoneUpTo);
        Assert.True(tracker.Complete(5));
        Assert.True(tracker.Complete(4));
        Assert.Equal(6, tracker.DoneUpTo);
    }

    [Fact]
    public void Gaps_unknown_and_repeated_completions_are_handled()
    {
        var tracker = new CompletionTracker();
        tracker.Add(10);
        tracker.Add(12);
        tracker.Add(20);

        Assert.False(tracker.Complete(11));
        Assert.False(tracker.Complete(99));
        Assert.True(tracker.Complete(12));
        Assert.False(tracker.Complete(12));
        Assert.Equal(10, tracker.DoneUpTo);
        Assert.True(tracker.Complete(10));
        Assert.Equal(20, tracker.DoneUpTo);
        Assert.False(tracker.Complete(10));
    }

    [Fact]
    public void The_floor_applies_only_when_nothing_is_pending()
    {
        var tracker = new CompletionTracker();
        tracker.RaiseFloor(7);
        Assert.Equal(7, tracker.DoneUpTo);
        tracker.Add(7);
        tracker.RaiseFloor(30);
        Assert.Equal(7, tracker.DoneUpTo);
        Assert.True(tracker.Complete(7));
        Assert.Equal(30, tracker.DoneUpTo);
        Assert.Throws<InvalidOperationException>(() => tracker.Add(29));
    }

    [Fact]
    public void Many_records_completed_while_the_ring_wraps_and_grows()
    {
        var tracker = new CompletionTracker();
        long next = 1;
        var pending = new List<long>();
        var random = new Random(7);
        for (int round = 0; round < 50; round++)
        {
            int adds = random.Next(1, 40);
            for (int i = 0; i < adds; i++)
            {
                pending.Add(next);
                tracker.Add(next++);
            }

            int completes = random.Next(0, pending.Count + 1);
            for (int i = 0; i < completes; i++)
            {
                int pick = random.Next(pending.Count);
                Assert.True(tracker.Complete(pending[pick]));
                pending.RemoveAt(pick);
            }

            Assert.Equal(pending.Count == 0 ? next : pending.Min(), tracker.DoneUpTo);
        }
    }
}
