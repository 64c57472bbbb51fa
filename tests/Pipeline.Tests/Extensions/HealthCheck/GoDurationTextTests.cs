using MiniCollector.Extensions.HealthCheck;

namespace MiniCollector.Pipeline.Tests.Extensions.HealthCheck;

/// <summary>The uptime text matches Go's <c>time.Duration.String</c>.</summary>
public sealed class GoDurationTextTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "100ns")]
    [InlineData(10L, "1µs")]
    [InlineData(15L, "1.5µs")]
    [InlineData(10_000L, "1ms")]
    [InlineData(3_505_000L, "350.5ms")]
    [InlineData(10_000_000L, "1s")]
    [InlineData(125_000_000L, "12.5s")]
    [InlineData(490_132_518L, "49.0132518s")]
    [InlineData(632_000_000L, "1m3.2s")]
    [InlineData(600_000_000L, "1m0s")]
    [InlineData(36_000_000_000L, "1h0m0s")]
    [InlineData(37_230_500_000L, "1h2m3.05s")]
    [InlineData(-15_000_000L, "-1.5s")]
    [InlineData(-5_000L, "-500µs")]
    public void Formats_like_go(long ticks, string expected)
        => Assert.Equal(expected, MiniCollector.Pipeline.Config.GoDuration.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Durations_beyond_go_range_are_clamped()
    {
        // Go's Duration is int64 nanoseconds: its largest value prints as 2562047h47m16.854775807s; ours is 100ns-aligned.
        Assert.Equal("2562047h47m16.8547758s", MiniCollector.Pipeline.Config.GoDuration.Format(TimeSpan.MaxValue));
        Assert.Equal("-2562047h47m16.8547758s", MiniCollector.Pipeline.Config.GoDuration.Format(TimeSpan.MinValue));
    }
}
