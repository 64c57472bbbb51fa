using System.Buffers;
using MiniCollector.Exposition;

namespace MiniCollector.Pipeline.Tests.Exposition;

/// <summary>
/// The writers run on every scrape; once the output buffer has grown, writing a whole exposition must not allocate
/// (no strings per sample, no LINQ, no boxing). Allocation counts are exact, unlike timings, so this is asserted.
/// </summary>
public class ExpositionAllocationTests
{
    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    [InlineData(ExpositionFormat.Protobuf)]
    public void Writing_an_exposition_allocates_nothing_once_warm(ExpositionFormat format)
    {
        var families = Expo.RichFamilies();
        var output = new ArrayBufferWriter<byte>(1 << 20);
        for (var i = 0; i < 3; i++)
        {
            output.ResetWrittenCount();
            format.Write(output, families);
        }

        // The fewest bytes of three rounds: a write that allocates shows in every round, while the runtime's own
        // one-off work on this thread (tier-up of a writer method while the round runs: CI once counted 7 KB) does not
        // repeat.
        long fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                output.ResetWrittenCount();
                format.Write(output, families);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }
}
