using System.Runtime.InteropServices;
using MiniCollector.Benchmarks.Load.Collector;

namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>What a reader needs to compare figures across runs: the machine, the runtime, what was measured.</summary>
public sealed record MachineInfo(
    DateTimeOffset Started,
    string Hostname,
    string Architecture,
    string CpuModel,
    int Cores,
    string Runtime,
    string OperatingSystem,
    string LoadAverage,
    string CommandLine,
    CollectorUnderTest Collector,
    string? CollectorVersion,
    string? CollectorCommit)
{
    /// <summary>The collector's path.</summary>
    public string CollectorPath => Collector.Path;

    /// <summary>Collects the facts at the start of a run.</summary>
    public static MachineInfo Collect(CollectorUnderTest collector, string? version, IReadOnlyList<string> args) => new(
        DateTimeOffset.Now,
        Environment.MachineName,
        ExternalCommand.Run("uname", "-m") ?? RuntimeInformation.OSArchitecture.ToString(),
        ReadCpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        ReadFirstLine("/proc/loadavg") ?? "n/a",
        CommandLineOf(args),
        collector,
        version?.ReplaceLineEndings(" "),
        collector.Commit ?? CommitOf(collector.Path));

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    // The benchmark as it was started: the host, the entry assembly and the arguments as given.
    private static string CommandLineOf(IReadOnlyList<string> args)
    {
        var entry = Environment.ProcessPath ?? "dotnet";
        var assembly = typeof(MachineInfo).Assembly.Location;
        var parts = new List<string> { entry };
        if (!string.IsNullOrEmpty(assembly) && Path.GetFileNameWithoutExtension(entry) == "dotnet")
        {
            parts.Add(assembly);
        }

        parts.AddRange(args);
        return string.Join(' ', parts.Select(Quote));
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:,@+".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // The commit of the checkout the collector was built from, marked when that checkout has local changes.
    private static string? CommitOf(string collectorPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(collectorPath));
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }

        var commit = ExternalCommand.Run("git", "-C", directory, "log", "-1", "--format=%H %s");
        if (commit is null)
        {
            return null;
        }

        // Only the collector's sources matter; edits elsewhere (this benchmark, tests) do not change what was built.
        var changes = ExternalCommand.Run("git", "-C", directory, "status", "--porcelain", "--untracked-files=all", "--", ":/src", ":/proto", ":/Directory.Build.props", ":/Directory.Packages.props");
        return string.IsNullOrEmpty(changes) ? commit : commit + " (plus uncommitted changes under src/ or proto/ of that checkout)";
    }
}
