using System.Globalization;
using System.Text.RegularExpressions;
using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// The real <c>minicollector</c> executable started from a config file, with the addresses it bound read from its
/// log, and the two ways it can end: SIGKILL (no flush, as a crash or an OOM kill) and SIGTERM.
/// </summary>
internal sealed partial class CollectorUnderTest : IDisposable
{
    private CollectorUnderTest(CollectorProcess process)
    {
        Process = process;
        var output = process.Output;
        GrpcUrl = "http://" + BoundAddress(output, "Starting GRPC server on ");
        HttpUrl = "http://" + BoundAddress(output, "Starting HTTP server on ");
        TelemetryUrl = TelemetryPattern().Match(output) is { Success: true } m ? m.Groups[1].Value : string.Empty;
    }

    public CollectorProcess Process { get; }

    public string GrpcUrl { get; }

    public string HttpUrl { get; }

    /// <summary>URL of the collector's own metrics page.</summary>
    public string TelemetryUrl { get; }

    public string Output => Process.Output;

    /// <summary>Starts the executable on <paramref name="configPath"/> and waits (bounded) until it is ready.</summary>
    public static async Task<CollectorUnderTest> StartAsync(string workingDirectory, string configPath)
    {
        var process = CollectorProcess.Start(workingDirectory, "--config", configPath);
        try
        {
            await process.WaitForOutputAsync("Everything is ready");
            return new CollectorUnderTest(process);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: the process ends at once, nothing is flushed. Returns the exit code (137).</summary>
    public async Task<int> KillAsync()
    {
        using (var os = System.Diagnostics.Process.GetProcessById(Process.Id))
        {
            // Process.Kill (without the tree) is kill(pid, SIGKILL) on Unix.
            os.Kill();
        }

        return await Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>SIGTERM: an orderly stop. Returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        Process.Terminate();
        return await Process.WaitForExitAsync(TimeSpan.FromSeconds(40));
    }

    /// <summary>Items exporter <paramref name="exporter"/> has delivered (<c>otelcol_exporter_sent_*</c>, every signal).</summary>
    public async Task<long> SentItemsAsync(string exporter)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(TelemetryUrl + "/metrics");
        long sum = 0;
        foreach (Match m in SentPattern().Matches(text))
        {
            if (m.Groups[1].Value.Contains($"exporter=\"{exporter}\"", StringComparison.Ordinal))
            {
                sum += (long)double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>
    /// Waits (bounded, a hang guard) until the exporter counts <paramref name="items"/> delivered, so that its queue has
    /// marked them complete before the collector is stopped (the downstream sees them slightly before).
    /// </summary>
    public async Task WaitForSentAsync(string exporter, long items)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        long sent;
        while ((sent = await SentItemsAsync(exporter)) < items && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(sent >= items, $"exporter {exporter} delivered {sent} of {items} items");
    }

    /// <summary>Lines of the collector's log at level error (or worse).</summary>
    public IReadOnlyList<string> ErrorLines => [.. Output.Split('\n').Where(l => l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal))];

    public void Dispose() => Process.Dispose();

    private static string BoundAddress(string output, string marker)
    {
        var start = output.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"\"{marker}\" not in the collector's output:\n{output}");
        start += marker.Length;
        return output[start..output.IndexOf(' ', start)];
    }

    [GeneratedRegex(@"^otelcol_exporter_sent_(?:spans|metric_points|log_records)\{([^}]*)\} (\S+)$", RegexOptions.Multiline)]
    private static partial Regex SentPattern();

    [GeneratedRegex(@"own metrics on (http://\S+)/metrics")]
    private static partial Regex TelemetryPattern();
}
