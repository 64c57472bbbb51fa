using System.ComponentModel;
using System.Diagnostics;

namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>Runs a short command (uname, git) and returns its trimmed output, or null when it fails.</summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>.</summary>
    public static string? Run(string file, params string[] args)
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

            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
