using System.Diagnostics;
using System.Text;

namespace MiniCollector.Tests.Support;

/// <summary>Runs the real <c>promtool check metrics</c> (Debian package <c>prometheus</c>) on an exposition.</summary>
public static class Promtool
{
    /// <summary>Exit code and everything promtool printed.</summary>
    public sealed record Result(int ExitCode, string Output);

    public static string Path()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            var candidate = System.IO.Path.Combine(directory, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail(
            "promtool was not found on PATH or in /usr/bin. The exposition tests need the real Prometheus tooling: "
            + "install the Debian `prometheus` package (apt-get install -y prometheus), which provides /usr/bin/promtool.");
        return "";
    }

    /// <summary>Pipes <paramref name="exposition"/> to <c>promtool check metrics</c> on standard input.</summary>
    public static Result CheckMetrics(string exposition)
    {
        var start = new ProcessStartInfo(Path(), ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var input = process.StandardInput.BaseStream;
        input.Write(Encoding.UTF8.GetBytes(exposition));
        input.Close();

        // A guard against a hung tool, not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            Assert.Fail("promtool check metrics did not finish within two minutes");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// Asserts promtool parses the exposition. promtool 2.42 exits 1 on a parse error and 3 when it only prints lint
    /// advice (no help text, base units, counter naming): that advice is about conventions our users' metric names
    /// may not follow, not validity, so only a parse error or an unknown complaint fails.
    /// </summary>
    public static void AssertParses(string exposition)
    {
        var result = CheckMetrics(exposition);
        Assert.True(result.ExitCode is 0 or 3, $"promtool rejected the exposition (exit {result.ExitCode}):\n{result.Output}\n---\n{exposition}");
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(
                line.Contains("no help text", StringComparison.Ordinal) || line.Contains("use base unit", StringComparison.Ordinal) || line.Contains("should have \"_total\" suffix", StringComparison.Ordinal),
                $"promtool reported a problem: {line}\n---\n{exposition}");
        }
    }
}
