namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>
/// Samples a process's resident set (VmRSS) every 100 ms in the background and keeps the largest value since the
/// last <see cref="Restart"/>: a single reading at the end would miss the peaks batching and GC produce.
/// </summary>
public sealed class RssSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _max;

    /// <summary>Starts sampling the process.</summary>
    public RssSampler(int pid)
    {
        _pid = pid;
        Sample();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The largest VmRSS seen since the last restart, in bytes (including a reading taken now).</summary>
    public long MaxBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _max);
        }
    }

    /// <summary>Forgets the maximum so far and starts over from the current reading.</summary>
    public void Restart()
    {
        Interlocked.Exchange(ref _max, 0);
        Sample();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            Sample();
        }
    }

    private void Sample()
    {
        if (ProcStats.StatusBytes(_pid, "VmRSS") is not long rss)
        {
            return;
        }

        long seen = Interlocked.Read(ref _max);
        while (rss > seen)
        {
            long previous = Interlocked.CompareExchange(ref _max, rss, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }
    }
}
