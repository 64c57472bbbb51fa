using System.Diagnostics;
using System.Runtime.InteropServices;
using Google.Protobuf;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Payloads;
using MiniCollector.Benchmarks.Load.Report;
using MiniCollector.Benchmarks.Load.Scenarios;

namespace MiniCollector.Benchmarks.Load;

/// <summary>The end-to-end load benchmark's entry point.</summary>
public static class Program
{
    /// <summary>Runs the selected scenarios, prints the markdown report and writes it to a file.</summary>
    public static async Task<int> Main(string[] args)
    {
        var options = LoadOptions.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("load: " + error);
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(LoadOptions.Help);
            return 0;
        }

        var scenarios = ScenarioCatalog.Select(options.Scenarios, out error);
        if (scenarios is null)
        {
            await Console.Error.WriteLineAsync("load: " + error);
            return 2;
        }

        if ((options.UseH2Load || scenarios.Any(s => s.Name == ScenarioCatalog.GrpcNopH2Load)) && ExternalCommand.Run("h2load", "--version") is null)
        {
            await Console.Error.WriteLineAsync($"load: --h2load and {ScenarioCatalog.GrpcNopH2Load} need h2load on PATH (Debian: apt-get install nghttp2-client)");
            return 2;
        }

        using var aborted = new CancellationTokenSource();

        // .NET 10 no longer turns SIGTERM into a graceful exit, so without these a terminated benchmark would leave
        // its collectors running. The first signal lets the scenarios unwind through their finally blocks, which
        // kill the collectors they started; a second one kills them at once and lets the signal end the process.
        void OnSignal(PosixSignalContext signal)
        {
            if (aborted.IsCancellationRequested)
            {
                ChildProcesses.KillAll();
                return;
            }

            signal.Cancel = true;
            aborted.Cancel();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        var repoRoot = FindRepoRoot();
        CollectorUnderTest? collector;
        try
        {
            (collector, error) = await CollectorResolver.ResolveAsync(options, repoRoot, Console.Error, aborted.Token);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("load: interrupted while publishing the collector");
            return 1;
        }

        if (collector is null)
        {
            await Console.Error.WriteLineAsync("load: " + error);
            return 2;
        }

        await Console.Error.WriteLineAsync($"collector: {collector.Path} ({collector.KindText}; {collector.SizeText})");
        var collectorPath = collector.Path;

        // Unmeasured runs first: what the collector says it is (builds before --version have no answer), and one that
        // lists the components and exits, so the first scenario's start-up does not pay for reading the executable,
        // or the runtime, from disk.
        string? Run(string argument) => collector.Kind == CollectorKind.JitDll
            ? ExternalCommand.RunBounded(TimeSpan.FromSeconds(30), "dotnet", collectorPath, argument)
            : ExternalCommand.RunBounded(TimeSpan.FromSeconds(30), collectorPath, argument);
        var version = Run("--version");
        if (Run("components") is null)
        {
            await Console.Error.WriteLineAsync($"load: `{collectorPath} components` failed: is it a MiniCollector build?");
            return 2;
        }

        var machine = MachineInfo.Collect(collector, version, args);
        var results = new ResultSet();
        if (collector.Warning is not null)
        {
            results.Notes.Add("collector: " + collector.Warning);
        }

        var workDirectory = Directory.CreateTempSubdirectory("minicollector-load-");
        var clock = Stopwatch.StartNew();
        bool allRan = true;
        try
        {
            var context = new ScenarioContext(options, collectorPath, workDirectory.FullName, results, Console.Error);
            foreach (var scenario in scenarios)
            {
                context.Report($"{scenario.Name}:");
                context.CurrentScenario = scenario.Name;
                try
                {
                    await scenario.RunAsync(context, aborted.Token);
                }
                catch (Exception) when (aborted.IsCancellationRequested)
                {
                    results.Notes.Add($"{scenario.Name}: interrupted; the run is incomplete");
                    allRan = false;
                    break;
                }
                catch (Exception ex) when (!aborted.IsCancellationRequested)
                {
                    // One broken scenario (or a collector that cannot do what it asks) must not cost the others.
                    context.Report($"  {scenario.Name} failed: {ex.Message}");
                    results.Notes.Add($"{scenario.Name}: failed: {ex.Message}");
                    allRan = false;
                }
                finally
                {
                    await context.CollectFootprintsAsync();
                }
            }
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }

        var settings = new RunSettings(
            scenarios.Select(s => s.Name).ToArray(),
            options.Levels,
            options.Duration,
            options.Warmup,
            options.Prewarm,
            options.BatchSize,
            options.BatchTimeout,
            TracePayload.Build().CalculateSize(),
            MetricsPayload.Build(MetricsShape.Points1000).CalculateSize(),
            MetricsPayload.Build(MetricsShape.Points100).CalculateSize(),
            options.UseH2Load,
            options.Settle);
        var report = MarkdownReport.Render(machine, settings, options.Notes, results, clock.Elapsed);
        Console.WriteLine(report);

        var outPath = Path.GetFullPath(options.OutPath ?? Path.Combine(repoRoot ?? ".", "benchmarks", "results", $"load-{machine.Started:yyyy-MM-dd}-{machine.Hostname}.md"));
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, report);
        await Console.Error.WriteLineAsync($"report written to {outPath} ({clock.Elapsed.TotalSeconds:0} s)");
        return allRan ? 0 : 1;
    }

    // The checkout this benchmark belongs to: the working directory's, else the one it was built in.
    private static string? FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MiniCollector.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
