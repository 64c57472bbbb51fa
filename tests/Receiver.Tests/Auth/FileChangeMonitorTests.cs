using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Receiver.Auth;

namespace MiniCollector.Receiver.Tests.Auth;

public sealed class FileChangeMonitorTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_rewritten_file_is_reported_with_and_without_file_system_events(bool watchEvents)
    {
        using var dir = new TempDirectory();
        var file = dir.File("f");
        await File.WriteAllTextAsync(file, "one");
        var seen = new ConcurrentQueue<string>();
        using var monitor = new FileChangeMonitor(file, Poll, seen.Enqueue, NullLogger.Instance, watchEvents);

        Assert.Equal("one", monitor.Start());
        await File.WriteAllTextAsync(file, "two!");

        Assert.True(await AuthTestSupport.EventuallyAsync(() => Task.FromResult(seen.Contains("two!"))));
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
        using var monitor = new FileChangeMonitor(dir.File("f"), Poll, seen.Enqueue, NullLogger.Instance, watchEvents: false);
        Assert.Equal("one", monitor.Start());

        Directory.Delete(dir.File("data"));
        Directory.CreateSymbolicLink(dir.File("data"), "v2");

        Assert.True(await AuthTestSupport.EventuallyAsync(() => Task.FromResult(seen.Contains("two"))));
    }

    [Fact]
    public async Task The_periodic_check_alone_sees_a_symlink_target_edited_in_place()
    {
        using var dir = new TempDirectory();
        var target = dir.File("target");
        await File.WriteAllTextAsync(target, "one");
        File.CreateSymbolicLink(dir.File("f"), "target");
        var seen = new ConcurrentQueue<string>();
        using var monitor = new FileChangeMonitor(dir.File("f"), Poll, seen.Enqueue, NullLogger.Instance, watchEvents: false);
        Assert.Equal("one", monitor.Start());

        await File.WriteAllTextAsync(target, "three");

        Assert.True(await AuthTestSupport.EventuallyAsync(() => Task.FromResult(seen.Contains("three"))));
    }

    [Fact]
    public async Task Unchanged_content_is_not_reported_again()
    {
        using var dir = new TempDirectory();
        var file = dir.File("f");
        await File.WriteAllTextAsync(file, "same");
        var seen = new ConcurrentQueue<string>();
        using var monitor = new FileChangeMonitor(file, Poll, seen.Enqueue, NullLogger.Instance);
        monitor.Start();

        await File.WriteAllTextAsync(file, "same");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        await Task.Delay(Poll * 5);
        await File.WriteAllTextAsync(file, "different");

        Assert.True(await AuthTestSupport.EventuallyAsync(() => Task.FromResult(seen.Contains("different"))));
        Assert.DoesNotContain("same", seen);
    }

    [Fact]
    public void Starting_on_a_missing_file_throws_the_io_error()
    {
        using var dir = new TempDirectory();
        using var monitor = new FileChangeMonitor(dir.File("absent"), Poll, _ => { }, NullLogger.Instance);

        Assert.Throws<FileNotFoundException>(() => monitor.Start());
    }

    [Fact]
    public async Task Nothing_is_reported_after_dispose()
    {
        using var dir = new TempDirectory();
        var file = dir.File("f");
        await File.WriteAllTextAsync(file, "one");
        var seen = new ConcurrentQueue<string>();
        var monitor = new FileChangeMonitor(file, Poll, seen.Enqueue, NullLogger.Instance);
        monitor.Start();
        monitor.Dispose();

        await File.WriteAllTextAsync(file, "two");
        await Task.Delay(Poll * 4);

        Assert.Empty(seen);
    }
}
