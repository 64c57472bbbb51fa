using System.ComponentModel;
using System.Diagnostics;

namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>Runs a short command (uname, git) and returns its trimmed output, or null when it fails.</summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>.</summary>
    public static string? Run(string file, params string[] args) => RunBounded(Timeout.InfiniteTimeSpan, file, args);

    /// <summary>
    /// As <see cref="Run"/>, but kills the command (and returns null) when it has not finished within
    /// <paramref name="timeout"/>: for commands that might not exit by themselves (an old collector build that
    /// takes an option it does not know for a reason to start).
    /// </summary>
    public static string? RunBounded(TimeSpan timeout, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return null;
            }

            process.WaitForExit();
            return process.ExitCode == 0 ? output.GetAwaiter().GetResult().Trim() : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
