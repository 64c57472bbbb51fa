using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>
/// Reload triggers: file changes are debounced on the clock (a burst of changes is one reload), and reloads run one
/// at a time, a trigger during a reload causing exactly one more.
/// </summary>
public sealed class ConfigReloaderTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_burst_of_file_changes_is_one_reload_once_the_debounce_time_passed_without_another()
    {
        var clock = new FakeTimeProvider();
        var reloads = new List<string>();
        using var reloader = new ConfigReloader(reason => { lock (reloads) { reloads.Add(reason); } return Task.CompletedTask; }, NullLogger.Instance, clock, Debounce);

        reloader.RequestDebounced("a.yaml");
        clock.Advance(TimeSpan.FromMilliseconds(400));
        reloader.RequestDebounced("b.yaml");
        clock.Advance(TimeSpan.FromMilliseconds(400));
        await reloader.Idle.WaitAsync(HangGuard);
        Assert.Empty(reloads);

        // The fake clock runs the timer inside Advance, which starts the reload; Idle is that reload.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await reloader.Idle.WaitAsync(HangGuard);
        Assert.Equal(["config file changed"], reloads);
    }

    [Fact]
    public async Task Triggers_during_a_reload_cause_exactly_one_more_reload_after_it()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reasons = new List<string>();
        int running = 0, overlapped = 0;
        using var reloader = new ConfigReloader(
            async reason =>
            {
                if (Interlocked.Increment(ref running) > 1)
                {
                    Interlocked.Increment(ref overlapped);
                }

                lock (reasons)
                {
                    reasons.Add(reason);
                }

                started.TrySetResult();
                if (reasons.Count == 1)
                {
                    await first.Task;
                }

                Interlocked.Decrement(ref running);
            },
            NullLogger.Instance,
            new FakeTimeProvider(),
            Debounce);

        reloader.Request("SIGHUP");
        await started.Task.WaitAsync(HangGuard);
        reloader.Request("SIGHUP");
        reloader.Request("SIGHUP");
        first.SetResult();
        await reloader.Idle.WaitAsync(HangGuard);

        Assert.Equal(["SIGHUP", "SIGHUP, SIGHUP"], reasons);
        Assert.Equal(0, overlapped);
    }

    [Fact]
    public void Only_file_sources_are_watched()
    {
        Assert.Equal(["a.yaml", "/etc/b.yaml"], ConfigReloader.WatchableFiles(["a.yaml", "file:/etc/b.yaml", "env:CONFIG", "yaml:exporters::debug: {}", "embedded:collector.yaml"]));
    }
}
