using Microsoft.Extensions.Time.Testing;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also notes the due time of every timer armed on it, so a test moves the clock
/// by a wait the exporter chose (a retry's backoff, a send's deadline) only once that wait is armed: moving it earlier
/// would let the timer start after the move and never fire.
/// </summary>
internal sealed class ExporterClock() : FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    // Longest a test waits in real time for the exporter to arm a timer before calling it a hang.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _armed = [];

    // Completed (and replaced) each time a timer is armed, so a test waits for the exporter's next timer, not a poll.
    private TaskCompletionSource _nextArmed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource armed;
        lock (_lock)
        {
            _armed.Add(dueTime);
            armed = _nextArmed;
            _nextArmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        armed.SetResult();
        return timer;
    }

    /// <summary>
    /// Takes one armed, not yet taken timer due <paramref name="after"/> from when it was armed; false when there is none.
    /// </summary>
    public bool TryTake(TimeSpan after)
    {
        lock (_lock)
        {
            // Task.Delay arms its timer for whole milliseconds, dropping the rest of the wait it was given.
            return _armed.Remove(after) || _armed.Remove(TimeSpan.FromMilliseconds(Math.Floor(after.TotalMilliseconds)));
        }
    }

    /// <summary>The next arming of any timer (a task that completes when the exporter arms one).</summary>
    public Task NextArmed
    {
        get
        {
            lock (_lock)
            {
                return _nextArmed.Task;
            }
        }
    }

    /// <summary>Waits (bounded, as a hang guard) until a timer due <paramref name="after"/> is armed, and takes it.</summary>
    public async Task TakeWhenArmedAsync(TimeSpan after)
    {
        using var hangGuard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            // Read the signal before looking, so an arming between the two is not missed.
            var next = NextArmed;
            if (TryTake(after))
            {
                return;
            }

            try
            {
                await next.WaitAsync(hangGuard.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no timer due in {after} was armed");
            }
        }
    }

    /// <summary>Waits until a timer due <paramref name="after"/> is armed, then moves the clock by that much (firing it).</summary>
    public async Task AdvanceWhenArmedAsync(TimeSpan after)
    {
        await TakeWhenArmedAsync(after);
        Advance(after);
    }
}
