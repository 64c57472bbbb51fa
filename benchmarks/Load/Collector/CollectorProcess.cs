using System.Diagnostics;

namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>A collector running as a child process; disposing it kills it.</summary>
public sealed class CollectorProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private readonly Process _process;

    private CollectorProcess(Process process, CollectorLog log)
    {
        _process = process;
        Log = log;
    }

    /// <summary>The process id, for /proc.</summary>
    public int Pid => _process.Id;

    /// <summary>The collector's output.</summary>
    public CollectorLog Log { get; }

    /// <summary>Time from starting the process until the readiness probe first passed.</summary>
    public TimeSpan ReadyAfter { get; private set; }

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
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);

        var clock = Stopwatch.StartNew();
        process.Start();
        ChildProcesses.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var collector = new CollectorProcess(process, log);
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
            return collector;
        }
        catch
        {
            await collector.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
