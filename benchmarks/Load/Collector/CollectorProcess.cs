using System.Diagnostics;
using MiniCollector.Benchmarks.Load.Measurement;

namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>A collector running as a child process; disposing it kills it.</summary>
public sealed class CollectorProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>What the collector logs once every component has started (the reference collector's words).</summary>
    public const string ReadyLine = "Everything is ready";

    private readonly Process _process;
    private readonly Stopwatch _clock;
    private long _readyLoggedTicks = -1;
    private RssSampler? _lifetimeRss;
    private bool _disposed;

    private CollectorProcess(Process process, CollectorLog log, Stopwatch clock)
    {
        _process = process;
        Log = log;
        _clock = clock;
    }

    /// <summary>The process id, for /proc.</summary>
    public int Pid => _process.Id;

    /// <summary>The collector's output.</summary>
    public CollectorLog Log { get; }

    /// <summary>Time from starting the process until the readiness probe first passed.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>
    /// Time from starting the process until its "Everything is ready" line arrived on the benchmark's end of the
    /// pipe; null if it has not (yet).
    /// </summary>
    public TimeSpan? ReadyLoggedAfter
    {
        get
        {
            long ticks = Interlocked.Read(ref _readyLoggedTicks);
            return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    /// <summary>The collector's CPU time (user + system) when the readiness probe first passed, in seconds.</summary>
    public double CpuSecondsAtReady { get; private set; } = double.NaN;

    /// <summary>VmRSS read by <see cref="SettleAsync"/> after sitting idle, before any load; 0 until then.</summary>
    public long IdleRssBytes { get; private set; }

    /// <summary>How long it sat idle before <see cref="IdleRssBytes"/> was read.</summary>
    public TimeSpan SettledFor { get; private set; }

    /// <summary>The largest VmRSS sampled (every 100 ms) from ready until it was stopped; 0 until it is stopped.</summary>
    public long MaxSampledRssBytes { get; private set; }

    /// <summary>VmHWM (the kernel's peak resident set since the process started) just before it was stopped; 0 until then.</summary>
    public long PeakRssBytes { get; private set; }

    /// <summary>Whether the process has exited (it should not, while a scenario runs).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the collector at <paramref name="collectorPath"/> (a <c>.dll</c> runs under <c>dotnet</c>, anything else
    /// is executed directly) with one config file, and waits until <paramref name="probe"/> passes.
    /// </summary>
    public static async Task<CollectorProcess> StartAsync(string collectorPath, string configPath, ReadinessProbe probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        if (collectorPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(collectorPath);
        }
        else
        {
            info.FileName = collectorPath;
        }

        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(configPath);

        var log = new CollectorLog();
        var process = new Process { StartInfo = info };
        var clock = new Stopwatch();
        var collector = new CollectorProcess(process, log, clock);
        process.OutputDataReceived += (_, e) => collector.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => collector.OnOutput(e.Data);

        clock.Start();
        process.Start();
        ChildProcesses.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            while (!await probe.IsReadyAsync(http, cancellationToken).ConfigureAwait(false))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the collector exited with code {process.ExitCode} before it was ready; its last output:{Environment.NewLine}{log.Tail()}");
                }

                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"the collector was not ready after {timeout.TotalSeconds:0} s; its last output:{Environment.NewLine}{log.Tail()}");
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }

            collector.ReadyAfter = clock.Elapsed;
            collector.CpuSecondsAtReady = ProcStats.CpuSeconds(process.Id) ?? double.NaN;
            collector._lifetimeRss = new RssSampler(process.Id);
            return collector;
        }
        catch
        {
            await collector.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Lets the collector sit idle for <paramref name="time"/> (after start-up, before any load), then reads its
    /// resident set: the footprint it settles at with nothing to do.
    /// </summary>
    public async Task SettleAsync(TimeSpan time, CancellationToken cancellationToken)
    {
        await Task.Delay(time, cancellationToken).ConfigureAwait(false);
        SettledFor = time;
        IdleRssBytes = ProcStats.StatusBytes(Pid, "VmRSS") ?? 0;
    }

    /// <summary>Reads the peak resident set (VmHWM and the sampled maximum), then kills the process.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            PeakRssBytes = ProcStats.StatusBytes(Pid, "VmHWM") ?? 0;
        }

        if (_lifetimeRss is not null)
        {
            MaxSampledRssBytes = _lifetimeRss.MaxBytes;
            await _lifetimeRss.DisposeAsync().ConfigureAwait(false);
        }

        ChildProcesses.Kill(_process);
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is not null && Interlocked.Read(ref _readyLoggedTicks) < 0 && line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _readyLoggedTicks, _clock.Elapsed.Ticks, -1);
        }

        Log.Add(line);
    }
}
