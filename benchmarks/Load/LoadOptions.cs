using System.Globalization;

namespace MiniCollector.Benchmarks.Load;

/// <summary>The benchmark's command line, parsed.</summary>
public sealed record LoadOptions
{
    /// <summary>The text printed by <c>--help</c>.</summary>
    public const string Help = """
        MiniCollector end-to-end load benchmark: starts the collector as a separate process, drives it with OTLP,
        measures the collector process (CPU from /proc/<pid>/stat, RSS from /proc/<pid>/status).

        Usage: dotnet run -c Release --project benchmarks/Load -- [options]

          --collector PATH      minicollector.dll (run with dotnet) or an executable (NativeAOT or .NET host)
                                (default: the NativeAOT executable of this checkout, published by the benchmark into
                                benchmarks/Load/bin/nativeaot/<rid>/ unless the one there is newer than the sources)
          --jit                 the JIT build instead: src/MiniCollector/bin/Release/net10.0/minicollector.dll of
                                this checkout under dotnet (build it first: dotnet build -c Release src/MiniCollector)
          --republish           publish the NativeAOT executable again even if the cached one is newer than the sources
          --scenarios a,b       scenarios to run (default: all default scenarios; see below)
          --levels 1,4,16       concurrent callers per load level
          --duration SECONDS    measured time per level (default 10)
          --warmup SECONDS      unmeasured time before each level (default 1)
          --prewarm SECONDS     unmeasured load at the highest level before a scenario's first level (default 7)
          --settle SECONDS      wait after a collector is ready before its idle RSS is read, before any load (default 2)
          --batch-size N        batch processor send_batch_size in the load scenarios (default 1000)
          --batch-timeout DUR   batch processor timeout in the load scenarios (default 10ms)
          --out FILE            markdown result file (default: benchmarks/results/load-<date>-<host>.md)
          --note TEXT           a line added to the result file's header (repeatable)
          --h2load              drive the gRPC trace scenarios with h2load (if on PATH) instead of the built-in client
          --help                this text

        Scenarios: grpc-batch-nop, http-batch-nop, grpc-batch-otlp, metrics-prometheus, metrics-prometheus-100
                   (100-point requests), scrape-100k (text, gzip, OpenMetrics, protobuf), scrape-under-load (100-point
                   ingest with and without back-to-back scrapes of 100k series), idle (default), grpc-batch-otlp-raw (the otlp exporter with compression: none; only when named),
                   grpc-nop-h2load (otlp gRPC → nop driven by h2load, 8 connections x 8 streams; only when named),
                   grpc-loadbalancing (batch → loadbalancing exporter by trace id → 3 second collectors, compression
                   none; compare with grpc-batch-otlp-raw; only when named), grpc-spanmetrics-gateway (batch →
                   spanmetrics + nop, span metrics → prometheus: the loadbalancing example's gateway; only when named).
                   Answer latency (only when named; e.g. --levels 1,8,16 --duration 3 --prewarm 3):
                   grpc-batch-latency, http-batch-latency (batch at its defaults → nop), grpc-nobatch-nop,
                   http-nobatch-nop (no processor), grpc-exporter-batch (sending_queue::batch → second collector),
                   grpc-persistent-queue, grpc-persistent-queue-fsync (sending_queue::storage: file_storage).
        """;

    /// <summary>Path of the collector to start; null means this checkout's NativeAOT executable (or its JIT build with <see cref="Jit"/>).</summary>
    public string? CollectorPath { get; init; }

    /// <summary>Run this checkout's JIT build (<c>minicollector.dll</c> under <c>dotnet</c>) instead of the NativeAOT executable.</summary>
    public bool Jit { get; init; }

    /// <summary>Publish the NativeAOT executable even when the cached one is newer than the sources.</summary>
    public bool Republish { get; init; }

    /// <summary>How long a started collector sits idle before its idle RSS is read (and any load begins).</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Scenario names to run, in order; null means the default set.</summary>
    public IReadOnlyList<string>? Scenarios { get; init; }

    /// <summary>Concurrent callers per load level.</summary>
    public IReadOnlyList<int> Levels { get; init; } = [1, 4, 16];

    /// <summary>Measured time per level.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unmeasured time before each level, so the collector settles at the new concurrency first.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Unmeasured load before a scenario's first level, so the JIT has compiled the hot paths: on a busy 2-core
    /// machine the collector's CPU per request took 7-8 s of load to settle, and a first level measured earlier read
    /// 3-4 times the CPU per span of the same level run again later.
    /// </summary>
    public TimeSpan Prewarm { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>The batch processor's <c>send_batch_size</c> in the load scenarios.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>The batch processor's <c>timeout</c> in the load scenarios, as a Go duration.</summary>
    public string BatchTimeout { get; init; } = "10ms";

    /// <summary>Where the markdown report goes; null means the default file under benchmarks/results.</summary>
    public string? OutPath { get; init; }

    /// <summary>Free-text lines for the report header.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Drive the gRPC trace scenarios with h2load.</summary>
    public bool UseH2Load { get; init; }

    /// <summary>Whether <c>--help</c> was asked for.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Parses the arguments; returns null with an error message when they are not understood.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new LoadOptions();
        var notes = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? inline = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (name is "--help" or "-h")
            {
                return options with { ShowHelp = true };
            }

            if (name == "--h2load")
            {
                options = options with { UseH2Load = true };
                continue;
            }

            if (name == "--jit")
            {
                options = options with { Jit = true };
                continue;
            }

            if (name == "--republish")
            {
                options = options with { Republish = true };
                continue;
            }

            string? value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                error = $"{name} needs a value";
                return null;
            }

            switch (name)
            {
                case "--collector":
                    options = options with { CollectorPath = value };
                    break;
                case "--scenarios":
                    options = options with { Scenarios = SplitList(value) };
                    break;
                case "--levels":
                    if (!TryParseLevels(value, out var levels))
                    {
                        error = $"--levels: \"{value}\" is not a comma-separated list of positive integers";
                        return null;
                    }

                    options = options with { Levels = levels };
                    break;
                case "--duration":
                case "--warmup":
                case "--prewarm":
                case "--settle":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || (name == "--duration" && seconds == 0))
                    {
                        error = $"{name}: \"{value}\" is not a number of seconds";
                        return null;
                    }

                    options = name switch
                    {
                        "--duration" => options with { Duration = TimeSpan.FromSeconds(seconds) },
                        "--warmup" => options with { Warmup = TimeSpan.FromSeconds(seconds) },
                        "--settle" => options with { Settle = TimeSpan.FromSeconds(seconds) },
                        _ => options with { Prewarm = TimeSpan.FromSeconds(seconds) },
                    };
                    break;
                case "--batch-size":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0)
                    {
                        error = $"--batch-size: \"{value}\" is not a positive integer";
                        return null;
                    }

                    options = options with { BatchSize = size };
                    break;
                case "--batch-timeout":
                    options = options with { BatchTimeout = value };
                    break;
                case "--out":
                    options = options with { OutPath = value };
                    break;
                case "--note":
                    notes.Add(value);
                    break;
                default:
                    error = $"unknown option \"{args[i - (inline is null ? 1 : 0)]}\" (see --help)";
                    return null;
            }
        }

        if (options.Jit && options.CollectorPath is not null)
        {
            error = "--jit and --collector exclude each other (--collector path/to/minicollector.dll runs a JIT build)";
            return null;
        }

        return options with { Notes = notes };
    }

    private static string[] SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryParseLevels(string value, out int[] levels)
    {
        var parts = SplitList(value);
        levels = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out levels[i]) || levels[i] <= 0)
            {
                return false;
            }
        }

        return levels.Length > 0;
    }
}
