using System.Diagnostics;

namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>
/// Every collector process the benchmark started, so that they are killed however the benchmark ends: normally
/// through their owners' dispose, on a repeated signal through <see cref="KillAll"/>, and on an exit that skips
/// the owners (Environment.Exit) through the process-exit hook.
/// </summary>
public static class ChildProcesses
{
    private static readonly HashSet<Process> Running = [];
    private static readonly Lock Gate = new();
    private static int _hooked;

    /// <summary>Tracks a started process.</summary>
    public static void Add(Process process)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        }

        lock (Gate)
        {
            Running.Add(process);
        }
    }

    /// <summary>Kills the process (and anything it started) if it still runs, and stops tracking it.</summary>
    public static void Kill(Process process)
    {
        lock (Gate)
        {
            Running.Remove(process);
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to kill.
        }
    }

    /// <summary>Kills every process still tracked.</summary>
    public static void KillAll()
    {
        Process[] left;
        lock (Gate)
        {
            left = [.. Running];
        }

        foreach (var process in left)
        {
            Kill(process);
        }
    }
}
