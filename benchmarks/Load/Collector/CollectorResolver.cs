using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MiniCollector.Benchmarks.Load.Report;

namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>
/// Finds the collector a run measures: the one named by <c>--collector</c>; with <c>--jit</c> the Release
/// <c>minicollector.dll</c> of this checkout; otherwise this checkout's NativeAOT executable, published once into
/// <c>benchmarks/Load/bin/nativeaot/&lt;rid&gt;/</c> and reused while it is newer than every source file.
/// </summary>
public static class CollectorResolver
{
    /// <summary>The JIT build of this checkout, relative to its root.</summary>
    public const string JitDll = "src/MiniCollector/bin/Release/net10.0/minicollector.dll";

    private const string StampName = "published.txt";

    /// <summary>Resolves the collector; null with an error message when there is none to run.</summary>
    public static async Task<(CollectorUnderTest? Collector, string? Error)> ResolveAsync(LoadOptions options, string? repoRoot, TextWriter progress, CancellationToken cancellationToken)
    {
        if (options.CollectorPath is not null)
        {
            var path = Path.GetFullPath(options.CollectorPath);
            return File.Exists(path)
                ? (Describe(path, "given with --collector", commit: null, warning: null), null)
                : (null, $"no collector at {path}");
        }

        if (repoRoot is null)
        {
            return (null, "not inside a MiniCollector checkout (no MiniCollector.sln above the working directory): name the collector with --collector");
        }

        if (options.Jit)
        {
            var dll = Path.Combine(repoRoot, JitDll);
            if (!File.Exists(dll))
            {
                return (null, $"no collector at {dll}. Build it first: dotnet build -c Release src/MiniCollector");
            }

            var newest = NewestSource(repoRoot);
            string? warning = null;
            if (newest is { } source && File.GetLastWriteTimeUtc(dll) < source.WrittenUtc)
            {
                warning = $"the JIT build ({Stamp(File.GetLastWriteTimeUtc(dll))}) is older than a source file ({Path.GetRelativePath(repoRoot, source.Path)}, {Stamp(source.WrittenUtc)}): it may not be what the checkout holds; rebuild with `dotnet build -c Release src/MiniCollector`";
            }

            return (Describe(dll, "this checkout's Release build (`dotnet build -c Release src/MiniCollector`)", commit: null, warning), null);
        }

        return await PublishNativeAotAsync(options, repoRoot, progress, cancellationToken).ConfigureAwait(false);
    }

    private static CollectorUnderTest Describe(string path, string origin, string? commit, string? warning)
    {
        var kind = CollectorUnderTest.KindOf(path);
        long size = new FileInfo(path).Length;
        return new(path, kind, size, SizeText(path, kind, size), origin, commit, warning);
    }

    // What the build takes on disk. A .dll needs its build directory and the shared runtimes it names in its
    // runtimeconfig.json (taken at the version the benchmark itself runs on, which roll-forward picks too).
    private static string SizeText(string path, CollectorKind kind, long size)
    {
        if (kind != CollectorKind.JitDll)
        {
            return $"{MiB(size)} MiB, one file";
        }

        var directory = Path.GetDirectoryName(path)!;
        long build = Directory.EnumerateFiles(directory, "*", SearchOption.TopDirectoryOnly)
            .Where(f => !f.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase))
            .Sum(f => new FileInfo(f).Length);
        var text = $"{(size / 1024.0).ToString("0", CultureInfo.InvariantCulture)} KiB assembly, {MiB(build)} MiB with its dependencies (the build directory's files without .pdb)";
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(runtimeDirectory));
        var config = Path.ChangeExtension(path, ".runtimeconfig.json");
        if (shared is null || !File.Exists(config))
        {
            return text;
        }

        var version = Path.GetFileName(runtimeDirectory);
        var frameworks = new List<string>();
        long runtimes = 0;
        foreach (var name in new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" })
        {
            var frameworkDirectory = Path.Combine(shared, name, version);
            if (File.ReadAllText(config).Contains($"\"{name}\"", StringComparison.Ordinal) && Directory.Exists(frameworkDirectory))
            {
                runtimes += Directory.EnumerateFiles(frameworkDirectory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                frameworks.Add($"{name} {version}");
            }
        }

        return frameworks.Count == 0 ? text : $"{text}, plus {MiB(runtimes)} MiB of shared runtime ({string.Join(", ", frameworks)})";
    }

    private static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static async Task<(CollectorUnderTest? Collector, string? Error)> PublishNativeAotAsync(LoadOptions options, string repoRoot, TextWriter progress, CancellationToken cancellationToken)
    {
        var rid = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "linux-x64",
            Architecture.Arm64 => "linux-arm64",
            _ => null,
        };
        if (rid is null)
        {
            return (null, $"no NativeAOT publish profile for {RuntimeInformation.OSArchitecture}: run with --jit or --collector");
        }

        var cache = Path.Combine(repoRoot, "benchmarks", "Load", "bin", "nativeaot", rid);
        var output = Path.Combine(cache, "out");
        var executable = Path.Combine(output, "minicollector");
        var stamp = Path.Combine(cache, StampName);

        // The stamp is written only after a publish succeeded, so its time says when the executable was complete.
        var newest = NewestSource(repoRoot);
        if (!options.Republish && File.Exists(stamp) && File.Exists(executable)
            && (newest is null || File.GetLastWriteTimeUtc(stamp) > newest.Value.WrittenUtc))
        {
            var lines = await File.ReadAllLinesAsync(stamp, cancellationToken).ConfigureAwait(false);
            var commit = lines.FirstOrDefault(l => l.StartsWith("commit: ", StringComparison.Ordinal))?["commit: ".Length..];
            progress.WriteLine($"collector: reusing the NativeAOT executable published {Stamp(File.GetLastWriteTimeUtc(stamp))} ({cache}), newer than every source file");
            return (Describe(executable, $"NativeAOT publish of this checkout from {Stamp(File.GetLastWriteTimeUtc(stamp))}, reused (newer than every source file under src/ and proto/); {PublishCommandText(rid)}", commit, warning: null), null);
        }

        Directory.CreateDirectory(cache);
        File.Delete(stamp);
        var commitNow = Commit(repoRoot);
        var reason = options.Republish ? "--republish" : File.Exists(executable) ? "sources changed since the last publish" : "no cached publish";
        progress.WriteLine($"collector: publishing NativeAOT ({rid}) into {output} ({reason}; about a minute): {PublishCommandText(rid)}");
        var clock = Stopwatch.StartNew();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repoRoot };
        foreach (var arg in PublishArguments(repoRoot, rid, cache, output))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = new Process { StartInfo = info };
        var tail = new Queue<string>();
        void Forward(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 40)
                {
                    tail.Dequeue();
                }
            }

            progress.WriteLine("  publish: " + line);
        }

        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Start();
        ChildProcesses.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ChildProcesses.Kill(process);
        }

        if (process.ExitCode != 0 || !File.Exists(executable))
        {
            string last;
            lock (tail)
            {
                last = string.Join(Environment.NewLine, tail);
            }

            return (null, $"the NativeAOT publish failed (exit {process.ExitCode}); run with --jit to measure the JIT build. Last output:{Environment.NewLine}{last}");
        }

        await File.WriteAllLinesAsync(
            stamp,
            [$"commit: {commitNow}", $"published: {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz} in {clock.Elapsed.TotalSeconds:0} s", $"command: {PublishCommandText(rid)}"],
            cancellationToken).ConfigureAwait(false);
        progress.WriteLine($"collector: published in {clock.Elapsed.TotalSeconds:0} s, {new FileInfo(executable).Length / 1048576.0:0.0} MiB");
        return (Describe(executable, $"NativeAOT, published by this run in {clock.Elapsed.TotalSeconds:0} s: {PublishCommandText(rid)}", commitNow, warning: null), null);
    }

    // The documented publish (README, scripts/publish.sh), with its own artifacts directory so that it shares no
    // obj/ or bin/ with builds of the same checkout running beside it, and without build servers left behind.
    private static string[] PublishArguments(string repoRoot, string rid, string cache, string output) =>
    [
        "publish", Path.Combine(repoRoot, "src", "MiniCollector"), "-c", "Release", $"-p:PublishProfile={rid}",
        "--artifacts-path", Path.Combine(cache, "artifacts"), "-o", output, "--disable-build-servers",
    ];

    private static string PublishCommandText(string rid) =>
        $"`dotnet publish src/MiniCollector -c Release -p:PublishProfile={rid} --artifacts-path benchmarks/Load/bin/nativeaot/{rid}/artifacts -o benchmarks/Load/bin/nativeaot/{rid}/out --disable-build-servers`";

    private static string Commit(string repoRoot)
    {
        var commit = ExternalCommand.Run("git", "-C", repoRoot, "log", "-1", "--format=%H %s") ?? "unknown";
        var changes = ExternalCommand.Run("git", "-C", repoRoot, "status", "--porcelain", "--untracked-files=all", "--", ":/src", ":/proto", ":/Directory.Build.props", ":/Directory.Packages.props", ":/collector.yaml");
        return string.IsNullOrEmpty(changes) ? commit : commit + " (plus uncommitted changes under src/ or proto/)";
    }

    // The newest file the collector is built from: src/ and proto/ (without bin/ and obj/), the root build files and
    // the embedded default config.
    private static (string Path, DateTime WrittenUtc)? NewestSource(string repoRoot)
    {
        (string Path, DateTime WrittenUtc)? newest = null;
        void Consider(string file)
        {
            var written = File.GetLastWriteTimeUtc(file);
            if (newest is null || written > newest.Value.WrittenUtc)
            {
                newest = (file, written);
            }
        }

        void Walk(string directory)
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                Consider(file);
            }

            foreach (var sub in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(sub);
                if (name is not ("bin" or "obj") && !name.StartsWith('.'))
                {
                    Walk(sub);
                }
            }
        }

        foreach (var directory in new[] { "src", "proto" })
        {
            var path = Path.Combine(repoRoot, directory);
            if (Directory.Exists(path))
            {
                Walk(path);
            }
        }

        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "collector.yaml", "global.json", "NuGet.config", "nuget.config" })
        {
            var path = Path.Combine(repoRoot, file);
            if (File.Exists(path))
            {
                Consider(path);
            }
        }

        return newest;
    }

    private static string Stamp(DateTime utc) => utc.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
