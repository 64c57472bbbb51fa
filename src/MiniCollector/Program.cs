using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using MiniCollector.CommandLine;
using MiniCollector.Hosting;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector;

/// <summary>The <c>minicollector</c> executable.</summary>
public static class Program
{
    /// <summary>How long a shutdown may take to flush and drain before the process exits anyway.</summary>
    private static readonly TimeSpan ShutdownDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Entry point; returns the process exit code.</summary>
    public static async Task<int> Main(string[] args)
    {
        var parsed = CommandLineArgs.Parse(args, out var error);
        if (parsed is null)
        {
            await Console.Error.WriteLineAsync("minicollector: " + error);
            return 2;
        }

        switch (parsed.Command)
        {
            case "help":
                Console.WriteLine(CommandLineArgs.Help);
                return 0;
            case "version":
                var build = CollectorBuildInfo.Current;
                Console.WriteLine($"{build.Command} {build.Version} ({build.Runtime})");
                return 0;
            case "healthcheck":
                return await HealthProbe.RunAsync();
            case "components":
                PrintComponents(BuiltinComponents.CreateRegistry());
                return 0;
            case "validate":
                return ConfigCommands.Validate(parsed, Console.Out, Console.Error);
            case "print-config":
                return ConfigCommands.PrintConfig(parsed, Console.Out, Console.Error);
            default:
                return await RunAsync(parsed);
        }
    }

    private static async Task<int> RunAsync(CommandLineArgs args)
    {
        CollectorConfig config;
        try
        {
            config = ConfigLoader.Load(args.Configs, args.Sets, BuiltinComponents.CreateRegistry());
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }

        using var loggerFactory = CollectorLogging.Create(config.LogLevel);
        var logger = loggerFactory.CreateLogger("service");
        var build = CollectorBuildInfo.Current;
        logger.LogInformation("Starting {Command} {Version} ({Runtime}; GC: {Gc}) with config {Sources}", build.Command, build.Version, build.Runtime, GcSettings.Describe(), string.Join(", ", ConfigLoader.ResolveSources(args.Configs)));

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        CollectorHost host;
        try
        {
            host = await CollectorHost.StartAsync(config, loggerFactory);
        }
        catch (ComponentStartException ex)
        {
            logger.LogError("Failed to start: {Reason}", ex.Message);
            return 1;
        }

        using (var reloader = StartReloader(args, host, logger))
        {
            using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                // SIGHUP would end the process; here it means "read the config again".
                context.Cancel = true;
                reloader.Request("SIGHUP");
            });
            await stop.Task;
            reloader.Dispose();
            await reloader.Idle;
        }

        await host.StopAsync(ShutdownDeadline);
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            // Keep the process alive: the shutdown below flushes and exits on its own.
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    // Reloads re-read every --config source and --set, as at start; --watch adds the files among them.
    private static ConfigReloader StartReloader(CommandLineArgs args, CollectorHost host, ILogger logger)
    {
        var reloader = new ConfigReloader(
            _ => host.ReloadAsync(() => ConfigLoader.Load(args.Configs, args.Sets, BuiltinComponents.CreateRegistry())),
            logger,
            TimeProvider.System,
            ConfigReloader.DefaultDebounce);
        if (args.Watch)
        {
            var files = ConfigReloader.WatchableFiles(args.Configs);
            if (files.Count == 0)
            {
                logger.LogWarning("--watch: no --config file to watch (env:, yaml: and the built-in config do not change)");
            }

            reloader.Watch(files, FileChangeMonitor.DefaultPollInterval);
        }

        return reloader;
    }

    private static void PrintComponents(ComponentRegistry registry)
    {
        foreach (var group in registry.Factories.GroupBy(f => f.Kind))
        {
            Console.WriteLine(group.Key.Section() + ":");
            foreach (var factory in group)
            {
                var aliases = factory.Aliases.Count > 0 ? $" (also accepted as: {string.Join(", ", factory.Aliases)})" : string.Empty;
                var signals = factory.Signals.Count > 0 ? " signals: " + string.Join(", ", factory.Signals.Select(s => s.ToString().ToLowerInvariant())) + ";" : string.Empty;
                Console.WriteLine($"  - {factory.Type}:{signals} stability: {factory.Stability}{aliases}");
            }
        }
    }
}
