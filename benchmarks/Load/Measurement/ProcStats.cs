using System.Diagnostics;
using System.Globalization;

namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>Reads another process's CPU time and memory from Linux's /proc.</summary>
public static class ProcStats
{
    private static readonly Lazy<int> ClockTicks = new(ReadClockTicks);

    /// <summary>Clock ticks per second of /proc/&lt;pid&gt;/stat times (<c>getconf CLK_TCK</c>, 100 on Linux).</summary>
    public static int ClockTicksPerSecond => ClockTicks.Value;

    /// <summary>User plus system CPU time of every thread of the process, in seconds; null once it has gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself hold spaces or ')', so count fields from the
        // last ')': utime and stime are fields 14 and 15, i.e. the 12th and 13th after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / (double)ClockTicksPerSecond;
    }

    /// <summary>A <c>kB</c> value of /proc/&lt;pid&gt;/status (<c>VmRSS</c>, <c>VmHWM</c>) in bytes; null when unavailable.</summary>
    public static long? StatusBytes(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal) && line.Length > field.Length && line[field.Length] == ':')
                {
                    var value = line[(field.Length + 1)..].Trim();
                    var number = value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(number, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private static int ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is not null)
            {
                var text = getconf.StandardOutput.ReadToEnd().Trim();
                getconf.WaitForExit();
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
                {
                    return ticks;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No getconf: USER_HZ is 100 on every Linux architecture .NET runs on.
        }

        return 100;
    }
}
