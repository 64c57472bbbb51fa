using Microsoft.Extensions.Time.Testing;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Tests.Telemetry;

/// <summary>A repeated line passes once per interval on the clock, however often it is asked for.</summary>
public sealed class LogThrottleTests
{
    [Fact]
    public void The_first_line_passes_then_one_per_interval()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(time, TimeSpan.FromSeconds(10));

        Assert.True(throttle.Allow());
        Assert.False(throttle.Allow());
        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(throttle.Allow());
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(throttle.Allow());
        Assert.False(throttle.Allow());
    }

    [Fact]
    public void Concurrent_callers_let_exactly_one_line_through()
    {
        var throttle = new LogThrottle(new FakeTimeProvider(), TimeSpan.FromSeconds(10));
        int allowed = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (throttle.Allow())
            {
                Interlocked.Increment(ref allowed);
            }
        });

        Assert.Equal(1, allowed);
    }
}
