using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Receiver.Tests.Auth;

/// <summary>
/// The token file monitor on a fake clock: the periodic check runs when the test moves the clock (at once, on the test's
/// thread), so what it finds is asserted right after; file-system events are real and are waited for, bounded.
/// </summary>
public sealed class FileChangeMonitorTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    // How long after an event the monitor reads the file (FileChangeMonitor.EventSettleDelay).
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_rewritten_file_is_reported_by_the_periodic_check()
    {
        using var dir = new TempDirectory();
        var file = dir.File("f");
        await File.WriteAllTextAsync(file, "one");
        var seen = new ConcurrentQueue<string>();
        using var monitor = new FileChangeMonitor(file, Poll, seen.Enqueue, NullLogger.Instance, _clock, watchEvents: false);

        Assert.Equal("one", monitor.Start());
        await File.WriteAllTextAsync(file, "two!");
        _clock.Advance(Poll - TimeSpan.FromTicks(1));
        Assert.Empty(seen);

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(["two!"], seen);
    }

    [Fact]
    public async Task A_rewritten_file_is_reported_on_its_event_without_waiting_for_the_periodic_check()
    {
        using var dir = new TempDirectory();
        var file = dir.File("f");
        await File.WriteAllTextAsync(file, "one");
        var seen = new ConcurrentQueue<string>();
        using var monitor = new FileChangeMonitor(file, TimeSpan.FromHours(1), seen.Enqueue, NullLogger.Instance, _clock);

        Assert.Equal("one", monitor.Start());
        await File.WriteAllTextAsync(file, "two!");

        // The event arrives when the kernel sends it; each step of the clock lets a pending settle delay pass, and the
        // clock stays far from the hourly check, so only the event can have brought the new content.
        var start = _clock.GetUtcNow();
        Assert.True(await AuthTestSupport.EventuallyAsync(() =>
        {
            _clock.Advance(Settle);
            return Task.FromResult(seen.Contains("two!"));
        }));
        Assert.True(_clock.GetUtcNow() - start < TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task The_periodic_check_alone_follows_a_swapped_symlink()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("v1"));
        Directory.CreateDirectory(dir.File("v2"));
        await File.WriteAllTextAsync(Path.Combine(dir.File("v1"), "f"), "one");
        await File.WriteAllTextAsync(Path.Combine(dir.File("v2"), "f"), "two");
        Directory.CreateSymbolicLink(dir.File("data"), "v1");
        File.CreateSymbolicLink(dir.File("f"), Path.Combine("data", "f"));
        var seen = new ConcurrentQueue<string>();
        using var monitor = new FileChangeMonitor(dir.File("f"), Poll, seen.Enqueue, NullLogger.Instance, _clock, watchEvents: false);
        Assert.Equal("one", monitor.Start());

        Directory.Delete(dir.File("data"));
        Directory.CreateSymbolicLink(dir.File("data"), "v2");
        _clock.Advance(Poll);

        Assert.Equal(["two"], seen);
    }

    [Fact]
    public async Task The_periodic_check_alone_sees_a_symlink_target_edited_in_place()
    {
        using var dir = new TempDirectory();
        var target = dir.File("target");
        await File.WriteAllTextAsync(target, "one");
        File.CreateSymbolicLink(dir.File("f"), "target");
        var seen = new ConcurrentQueue<string>();
        using var monitor = new FileChangeMonitor(dir.File("f"), Poll, seen.Enqueue, NullLogger.Instance, _clock, watchEvents: false);
        Assert.Equal("one", monitor.Start());

        await File.WriteAllTextAsync(target, "three");
        _clock.Advance(Poll);

        Assert.Equal(["three"], seen);
    }

    [Fact]
    public async Task Unchanged_content_is_not_reported_again()
    {
        using var dir = new TempDirectory();
        var file = dir.File("f");
        await File.WriteAllTextAsync(file, "same");
        var seen = new ConcurrentQueue<string>();
        using var monitor = new FileChangeMonitor(file, Poll, seen.Enqueue, NullLogger.Instance, _clock, watchEvents: false);
        monitor.Start();

        // The file looks changed to the check (a new modification time) but holds the same text.
        await File.WriteAllTextAsync(file, "same");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        _clock.Advance(Poll);
        Assert.Empty(seen);

        await File.WriteAllTextAsync(file, "different");
        _clock.Advance(Poll);
        Assert.Equal(["different"], seen);
    }

    [Fact]
    public void Starting_on_a_missing_file_throws_the_io_error()
    {
        using var dir = new TempDirectory();
        using var monitor = new FileChangeMonitor(dir.File("absent"), Poll, _ => { }, NullLogger.Instance, _clock);

        Assert.Throws<FileNotFoundException>(() => monitor.Start());
    }

    [Fact]
    public async Task Nothing_is_reported_after_dispose()
    {
        using var dir = new TempDirectory();
        var file = dir.File("f");
        await File.WriteAllTextAsync(file, "one");
        var seen = new ConcurrentQueue<string>();
        var monitor = new FileChangeMonitor(file, Poll, seen.Enqueue, NullLogger.Instance, _clock);
        monitor.Start();
        monitor.Dispose();

        await File.WriteAllTextAsync(file, "two");
        _clock.Advance(Poll * 4);

        Assert.Empty(seen);
    }
}
