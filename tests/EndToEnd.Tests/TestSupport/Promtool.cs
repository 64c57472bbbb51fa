using System.Diagnostics;

namespace MiniCollector.EndToEnd.Tests.TestSupport;

/// <summary>The real <c>promtool check metrics</c> (Debian package <c>prometheus</c>), as the judge of our exposition.</summary>
internal static class Promtool
{
    private const string Path = "/usr/bin/promtool";

    /// <summary>
    /// Runs <c>promtool check metrics</c> on the text. promtool 2.42 exits 1 on a parse error and 3 when only lint
    /// advice is printed (no help text, base units); the advice is about naming conventions, not validity, so only
    /// a parse error fails. Returns the output for further assertions.
    /// </summary>
    public static async Task<string> AssertValidAsync(string exposition)
    {
        Assert.True(File.Exists(Path), "promtool is missing: install the Debian package `prometheus` (.ci/run does)");
        var info = new ProcessStartInfo(Path) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode is 0 or 3, $"promtool rejected the exposition (exit {process.ExitCode}):\n{output}\n---\n{exposition}");
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(line.Contains("no help text", StringComparison.Ordinal) || line.Contains("use base unit", StringComparison.Ordinal) || line.Contains("counter metrics should have \"_total\" suffix", StringComparison.Ordinal), $"promtool reported a problem: {line}\n---\n{exposition}");
        }

        return output;
    }
}
