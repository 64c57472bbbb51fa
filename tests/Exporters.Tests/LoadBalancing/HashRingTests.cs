using MiniCollector.Exporters.LoadBalancing;

namespace MiniCollector.Exporters.Tests.LoadBalancing;

/// <summary>The consistent-hash ring: stable, near even, and moving only what a change of backends must move.</summary>
public sealed class HashRingTests
{
    private static readonly string[] Three = ["backend-1:4317", "backend-2:4317", "backend-3:4317"];

    private static byte[][] TraceIds(int count, int seed = 18)
    {
        var random = new Random(seed);
        var ids = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            ids[i] = new byte[16];
            random.NextBytes(ids[i]);
        }

        return ids;
    }

    [Fact]
    public void The_same_key_goes_to_the_same_backend_whatever_the_order_of_the_list()
    {
        var ring = new HashRing(Three);
        var reordered = new HashRing([Three[2], Three[0], Three[1]]);

        foreach (var id in TraceIds(1000))
        {
            Assert.Equal(ring.EndpointFor(id), ring.EndpointFor(id));
            Assert.Equal(ring.EndpointFor(id), reordered.EndpointFor(id));
        }
    }

    [Fact]
    public void Each_endpoint_takes_up_to_100_positions()
    {
        var ring = new HashRing(Three);

        Assert.Equal(Three, ring.Endpoints);
        Assert.Equal(-1, new HashRing([]).IndexFor([1, 2, 3]));
        Assert.Null(new HashRing([]).EndpointFor([1]));
    }

    [Fact]
    public void Ten_thousand_trace_ids_spread_near_evenly_over_three_backends()
    {
        var ring = new HashRing(Three);
        var counts = new Dictionary<string, int>();
        foreach (var id in TraceIds(10_000))
        {
            var endpoint = ring.EndpointFor(id)!;
            counts[endpoint] = counts.GetValueOrDefault(endpoint) + 1;
        }

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 2_300, 4_400));
    }

    [Fact]
    public void Removing_one_of_n_backends_moves_only_its_keys()
    {
        string[] four = [.. Three, "backend-4:4317"];
        var before = new HashRing(four);
        var after = new HashRing(Three);
        int moved = 0;
        var ids = TraceIds(10_000);

        foreach (var id in ids)
        {
            var was = before.EndpointFor(id)!;
            var now = after.EndpointFor(id)!;
            if (was != "backend-4:4317")
            {
                Assert.Equal(was, now);
            }
            else
            {
                moved++;
            }
        }

        // About 1/N of the routes (N = 4), and only those.
        Assert.InRange(moved, 1_250, 3_750);
    }

    [Fact]
    public void Adding_a_backend_takes_keys_only_for_itself()
    {
        var before = new HashRing(Three);
        var after = new HashRing([.. Three, "backend-4:4317"]);
        int moved = 0;

        foreach (var id in TraceIds(10_000, seed: 7))
        {
            var was = before.EndpointFor(id);
            var now = after.EndpointFor(id);
            if (was != now)
            {
                Assert.Equal("backend-4:4317", now);
                moved++;
            }
        }

        Assert.InRange(moved, 1_250, 3_750);
    }

    [Fact]
    public void Text_keys_hash_their_utf8_bytes()
    {
        var ring = new HashRing(Three);

        Assert.Equal(ring.IndexFor("checkout"), ring.IndexFor("checkout"u8));
        Assert.Equal(ring.IndexFor("Zürich-服务"), ring.IndexFor(System.Text.Encoding.UTF8.GetBytes("Zürich-服务")));
    }
}
