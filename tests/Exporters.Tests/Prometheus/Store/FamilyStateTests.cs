using System.Runtime.CompilerServices;
using System.Text;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Tests.Prometheus.Store;

/// <summary>
/// A family copied a run of slots at a time while the ingest changes it between runs (as a scrape does, releasing the
/// store's lock between runs): every series written once, none created meanwhile, freed slots reused only after.
/// </summary>
public sealed class FamilyStateTests
{
    private const long Now = 1_000;
    private const long NeverExpires = long.MaxValue;

    private readonly LabelTable _labels = new();

    [Fact]
    public void A_series_removed_and_created_again_during_a_copy_is_copied_once()
    {
        var family = Family("a", "b", "c", "d");
        var copy = new SeriesSlot[8];
        int count = 0;

        // As a scrape does, so the label texts of the removed series stay readable until it ends.
        _labels.BeginScrape();
        int end = family.BeginCopy();
        int next = family.CopyRun(0, end, 2, copy, ref count, Now, NeverExpires);

        // "a" was copied; it and then "d" (not yet copied) are removed, and "a" comes back: the slot freed last is d's,
        // ahead of the copy, where "a" would be copied a second time.
        Assert.True(family.Remove(SeriesKeys.Of("k", "a")));
        Assert.True(family.Remove(SeriesKeys.Of("k", "d")));
        Add(family, "a");
        family.CopyRun(next, end, 2, copy, ref count, Now, NeverExpires);
        family.EndCopy();

        Assert.Equal(["a", "b", "c"], Values(copy, count));
        _labels.EndScrape();
    }

    [Fact]
    public void A_series_created_during_a_copy_is_left_for_the_next_one()
    {
        var family = Family("a", "b");
        Assert.True(family.Remove(SeriesKeys.Of("k", "a")));
        var copy = new SeriesSlot[8];
        int count = 0;
        int end = family.BeginCopy();

        // The slot "a" left free before the copy is not handed to a series created during it.
        Add(family, "x");
        family.CopyRun(0, end, 1024, copy, ref count, Now, NeverExpires);
        family.EndCopy();
        Assert.Equal(["b"], Values(copy, count));

        count = 0;
        end = family.BeginCopy();
        family.CopyRun(0, end, 1024, copy, ref count, Now, NeverExpires);
        family.EndCopy();
        Assert.Equal(["b", "x"], Values(copy, count));
    }

    [Fact]
    public void Slots_freed_during_a_copy_are_reused_once_no_copy_is_under_way()
    {
        var family = Family("a", "b", "c");
        int first = family.BeginCopy();
        int second = family.BeginCopy();
        Assert.True(family.Remove(SeriesKeys.Of("k", "b")));
        family.EndCopy();
        Add(family, "x");
        family.EndCopy();
        Add(family, "y");

        var copy = new SeriesSlot[8];
        int count = 0;
        family.CopyRun(0, family.BeginCopy(), 1024, copy, ref count, Now, NeverExpires);
        family.EndCopy();

        // x was appended while a copy was under way; y took the slot b left once none was.
        Assert.Equal(3, first);
        Assert.Equal(3, second);
        Assert.Equal(["a", "y", "c", "x"], Values(copy, count));
    }

    [Fact]
    public void A_copy_deletes_the_expired_series_instead_of_copying_them()
    {
        var family = Family("a", "b");
        family.Series(SeriesKeys.Of("k", "a"), out _).UpdatedTicks = 10;
        family.Series(SeriesKeys.Of("k", "b"), out _).UpdatedTicks = 500;
        var copy = new SeriesSlot[8];
        int count = 0;
        family.CopyRun(0, family.BeginCopy(), 1024, copy, ref count, nowTicks: 1_000, expirationTicks: 600);
        family.EndCopy();

        Assert.Equal(["b"], Values(copy, count));
        Assert.Equal(1, family.Count);
    }

    [Fact]
    public void A_series_is_found_by_the_bytes_it_last_arrived_as()
    {
        var family = Family("a", "b");
        int a = family.Locate(SeriesKeys.Of("k", "a"), out _);
        int b = family.Locate(SeriesKeys.Of("k", "b"), out _);
        var first = FamilyState.ReceivedHash("first"u8);
        var second = FamilyState.ReceivedHash("second"u8);
        var other = FamilyState.ReceivedHash("other"u8);
        family.SetReceived(a, first);
        family.SetReceived(b, other);
        Assert.Equal(a, family.FindReceived(first));
        Assert.Equal(b, family.FindReceived(other));

        // New bytes replace the old; a removed series is found by neither.
        family.SetReceived(a, second);
        Assert.Equal(-1, family.FindReceived(first));
        Assert.Equal(a, family.FindReceived(second));
        Assert.True(family.Remove(SeriesKeys.Of("k", "a")));
        Assert.Equal(-1, family.FindReceived(second));
        Assert.Equal(b, family.FindReceived(other));
    }

    [Fact]
    public void A_page_of_slots_stays_out_of_the_large_object_heap()
    {
        // Objects of 85,000 bytes or more go to the large object heap, collected only with gen2.
        Assert.True(Unsafe.SizeOf<SeriesSlot>() * FamilyState.PageSize < 85_000, $"{Unsafe.SizeOf<SeriesSlot>()} B per slot");
    }

    private FamilyState Family(params string[] values)
    {
        var family = new FamilyState(new FamilyMetadata("g", MetricType.Gauge, string.Empty, string.Empty), _labels);
        foreach (var value in values)
        {
            Add(family, value);
        }

        return family;
    }

    private static void Add(FamilyState family, string value)
    {
        family.Series(SeriesKeys.Of("k", value), out bool created).UpdatedTicks = Now;
        Assert.True(created);
    }

    // The value of label k of each copied series, in order.
    private List<string> Values(SeriesSlot[] copy, int count)
    {
        var values = new List<string>();
        for (int i = 0; i < count; i++)
        {
            int offset = 0;
            var label = Encoding.UTF8.GetString(_labels.Texts[LabelIndexes.Read(copy[i].Labels!, ref offset)]);
            values.Add(label["k=\"".Length..^1]);
        }

        return values;
    }
}
