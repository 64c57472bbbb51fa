using Microsoft.Extensions.Time.Testing;
using MiniCollector.Extensions.ZPages;
using MiniCollector.Extensions.ZPages.Capture;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Tests.Extensions.ZPages;

/// <summary>When the tap captures: only while someone views (on_view), on a fake clock, or always.</summary>
public sealed class RecentTelemetryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void On_view_captures_nothing_until_someone_looks()
    {
        var time = new FakeTimeProvider();
        using var recent = new RecentTelemetry(new RecentTelemetryOptions { ViewerTimeout = Timeout }, time);

        Assert.False(recent.IsCapturing);
        Assert.Equal(0, recent.CaptureStartedUnixNano);

        recent.MarkViewed();

        Assert.True(recent.IsCapturing);
        Assert.Equal((time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100, recent.CaptureStartedUnixNano);
    }

    [Fact]
    public void Capture_stops_once_nobody_looked_for_the_viewer_timeout_and_keeps_what_it_has()
    {
        var time = new FakeTimeProvider();
        using var recent = new RecentTelemetry(new RecentTelemetryOptions { ViewerTimeout = Timeout }, time);
        recent.MarkViewed();
        recent.Observe(new ComponentId("otlp", string.Empty), LogsKind.Instance.FromBytes(new byte[] { 0x0a, 0x00 }, ClientMetadata.Empty, 0));

        time.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.True(recent.IsCapturing);

        // A look now restarts the wait: the first deadline passes without stopping.
        recent.MarkViewed();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(recent.IsCapturing);

        time.Advance(Timeout);
        Assert.False(recent.IsCapturing);
        Assert.Equal(1, recent.Ring(Signal.Logs).Stats().Requests);

        recent.MarkViewed();
        Assert.True(recent.IsCapturing);
    }

    [Fact]
    public void Always_captures_from_the_start_and_never_stops()
    {
        var time = new FakeTimeProvider();
        using var recent = new RecentTelemetry(new RecentTelemetryOptions { Capture = RecentTelemetryOptions.CaptureAlways, ViewerTimeout = Timeout }, time);

        Assert.True(recent.IsCapturing);
        time.Advance(Timeout * 3);
        Assert.True(recent.IsCapturing);
    }

    [Fact]
    public void Each_signal_has_its_own_ring_of_its_configured_size()
    {
        using var recent = new RecentTelemetry(
            new RecentTelemetryOptions { TracesMaxBytes = 10_000, MetricsMaxBytes = 20_000, LogsMaxBytes = 30_000 },
            new FakeTimeProvider());

        Assert.Equal(10_000, recent.Ring(Signal.Traces).CapacityBytes);
        Assert.Equal(20_000, recent.Ring(Signal.Metrics).CapacityBytes);
        Assert.Equal(30_000, recent.Ring(Signal.Logs).CapacityBytes);
    }
}
