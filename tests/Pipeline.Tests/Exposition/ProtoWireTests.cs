using MiniCollector.Exposition;

namespace MiniCollector.Pipeline.Tests.Exposition;

/// <summary>The protobuf writer's sizes and splits are computed without the library calls that would state them plainly: checked against those.</summary>
public class ProtoWireTests
{
    [Fact]
    public void Varint_sizes_are_one_byte_per_seven_bits()
    {
        for (var bits = 0; bits <= 64; bits++)
        {
            var largest = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
            foreach (var value in (ReadOnlySpan<ulong>)[largest, largest + 1, largest / 3])
            {
                var expected = 1;
                for (var rest = value >> 7; rest != 0; rest >>= 7)
                {
                    expected++;
                }

                Assert.Equal(expected, ProtoWire.VarintSize(value));
            }
        }
    }

    [Fact]
    public void Seconds_split_into_whole_seconds_and_nanos_rounded_half_to_even()
    {
        var random = new Random(99);
        var values = new List<double> { 0, -0.0, 0.5, -0.5, 1.5e-9, 2.5e-9, -2.5e-9, 0.9999999995, 0.99999999949, -1e-10, 9e15, -9e15, 1_700_000_000.25 };
        for (var i = 0; i < 200_000; i++)
        {
            var scale = Math.Pow(10, random.Next(-10, 16));
            values.Add((random.NextDouble() - 0.3) * scale);
            values.Add(Math.Round(random.NextDouble() * scale, random.Next(0, 10)) + (random.Next(0, 4) * 0.5e-9));
        }

        foreach (var seconds in values)
        {
            Assert.True(ProtoWire.TrySplitSeconds(seconds, out var whole, out var nanos));
            var floor = Math.Floor(seconds);
            var expectedWhole = (long)floor;
            var expectedNanos = (int)Math.Round((seconds - floor) * 1e9);
            if (expectedNanos >= 1_000_000_000)
            {
                expectedWhole++;
                expectedNanos -= 1_000_000_000;
            }

            Assert.Equal((expectedWhole, expectedNanos), (whole, nanos));
        }
    }
}
