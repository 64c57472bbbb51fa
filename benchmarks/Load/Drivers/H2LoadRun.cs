using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MiniCollector.Benchmarks.Load.Measurement;

namespace MiniCollector.Benchmarks.Load.Drivers;

/// <summary>
/// One load level driven by nghttp2's h2load instead of the built-in client: h2c connections (one unless asked for
/// more, all on one h2load thread) with N concurrent streams each posting the framed request, timing-based (<c>-D</c> after <c>--warm-up-time</c>), latencies from its
/// per-request log. h2load judges success by the HTTP status only; it does not read grpc-status trailers.
/// </summary>
public static partial class H2LoadRun
{
    /// <summary>
    /// Runs h2load for one level and measures the collector process over the same window:
    /// <paramref name="connections"/> connections with <paramref name="concurrency"/> streams each (the result's
    /// concurrency is their product).
    /// </summary>
    public static async Task<LevelResult> RunAsync(
        string scenario,
        string itemUnit,
        Uri uri,
        string bodyFile,
        string logFile,
        int concurrency,
        int itemsPerRequest,
        TimeSpan warmup,
        TimeSpan duration,
        int pid,
        RssSampler rss,
        CancellationToken cancellationToken,
        int connections = 1)
    {
        var info = new ProcessStartInfo("h2load") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-c", connections.ToString(CultureInfo.InvariantCulture), "-t", "1", "-m", concurrency.ToString(CultureInfo.InvariantCulture),
            "-D", Seconds(duration), "--warm-up-time", Seconds(warmup),
            "-d", bodyFile, "--log-file", logFile,
            "-H", "content-type: application/grpc", "-H", "te: trailers",
            uri.ToString(),
        })
        {
            info.ArgumentList.Add(arg);
        }

        var launchedAtMicros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("h2load did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        double cpuBefore, cpuAfter;
        try
        {
            // h2load's own clock starts when it has connected, a few milliseconds after launch; the window here
            // follows the same schedule, which is close enough for CPU seconds over a multi-second window.
            await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
            rss.Restart();
            cpuBefore = ProcStats.CpuSeconds(pid) ?? double.NaN;
            await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
            cpuAfter = ProcStats.CpuSeconds(pid) ?? double.NaN;
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var text = await output.ConfigureAwait(false);
        var match = RequestsLine().Match(text);
        if (process.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"h2load failed (exit {process.ExitCode}): {text}{await errors.ConfigureAwait(false)}");
        }

        long succeeded = long.Parse(match.Groups["succeeded"].Value, CultureInfo.InvariantCulture);
        long failed = long.Parse(match.Groups["failed"].Value, CultureInfo.InvariantCulture)
            + long.Parse(match.Groups["errored"].Value, CultureInfo.InvariantCulture)
            + long.Parse(match.Groups["timeout"].Value, CultureInfo.InvariantCulture);
        var latencies = ReadLatencies(logFile, launchedAtMicros + (long)warmup.TotalMicroseconds);
        var statusLine = text.Split('\n').FirstOrDefault(l => l.StartsWith("status codes:", StringComparison.Ordinal))?.Trim();
        return new LevelResult(
            scenario,
            connections * concurrency,
            itemUnit,
            duration.TotalSeconds,
            succeeded,
            failed,
            itemsPerRequest,
            cpuAfter - cpuBefore,
            Percentiles.Of(latencies, 0.50),
            Percentiles.Of(latencies, 0.99),
            rss.MaxBytes,
            failed > 0 && statusLine is not null ? [statusLine] : []);
    }

    // Log columns: start time (microseconds since the epoch), HTTP status, microseconds until the response ended.
    private static List<double> ReadLatencies(string logFile, long measuredFromMicros)
    {
        var latencies = new List<double>();
        foreach (var line in File.ReadLines(logFile))
        {
            var columns = line.Split('\t');
            if (columns.Length >= 3
                && long.TryParse(columns[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start >= measuredFromMicros
                && columns[1] == "200"
                && long.TryParse(columns[2], NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
            {
                latencies.Add(micros / 1000.0);
            }
        }

        latencies.Sort();
        return latencies;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored, (?<timeout>\d+) timeout")]
    private static partial Regex RequestsLine();
}
