namespace MiniCollector.CommandLine;

/// <summary>The parsed command line: <c>minicollector [run|validate|print-config|components|healthcheck] [--config F]... [--set k=v]...</c>.</summary>
public sealed record CommandLineArgs(string Command, IReadOnlyList<string> Configs, IReadOnlyList<string> Sets)
{
    /// <summary>How <c>print-config</c> renders: <c>yaml</c> or <c>json</c>.</summary>
    public string Format { get; init; } = "yaml";

    /// <summary>Whether <c>print-config</c> shows secrets: <c>redacted</c> or <c>unredacted</c>.</summary>
    public string Mode { get; init; } = "redacted";

    /// <summary>True with <c>--watch</c>: the running collector reloads its config when a <c>--config</c> file changes.</summary>
    public bool Watch { get; init; }

    /// <summary>The help text printed by <c>--help</c>.</summary>
    public const string Help = """
        MiniCollector: a lightweight OpenTelemetry collector.

        Usage:
          minicollector [--config FILE]... [--set key.path=value]...   run the collector
          minicollector validate [--config FILE]... [--set ...]       check a config without starting anything; every error
                                                                       with file:line:column, the valid choices and a suggestion
          minicollector print-config [--config FILE]... [--set ...] [--format yaml|json] [--mode redacted|unredacted]
                                                                       print the effective config (sources merged, --set applied,
                                                                       ${env:...} expanded; secrets [REDACTED] unless unredacted)
          minicollector components                                     list the component types built in
          minicollector healthcheck                                    exit 0 if health_check on 127.0.0.1 answers 200
          minicollector --version                                      print the version and NativeAOT or JIT
          minicollector --help                                         print this text

        Options:
          --config FILE   a config source; repeat to deep-merge several in order (the last wins, lists are replaced).
                          FILE may be a path, file:PATH, env:VARIABLE or yaml:a::b::c: value.
                          Without --config: ./collector.yaml if it exists, else the built-in default config.
          --set K=V       override one value after all --config sources, e.g. --set processors.batch.timeout=2s
          --format F      print-config only: yaml (default) or json
          --mode M        print-config only: redacted (default) or unredacted
          --watch         run only: reload the config when a --config file changes (SIGHUP always reloads it)

        Exit codes of validate and print-config: 0 valid, 1 invalid config (the errors are printed, then any
        warning: lines), 2 bad command line.

        Environment references in configs: ${env:VAR}, ${VAR}, ${env:VAR:-default}; $$ is a literal $.
        healthcheck asks port MINICOLLECTOR_HEALTH_PORT (13133) and path MINICOLLECTOR_HEALTH_PATH (/).
        """;

    /// <summary>Parses the arguments; returns an error message instead when they are not understood.</summary>
    public static CommandLineArgs? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string command = "run";
        var configs = new List<string>();
        var sets = new List<string>();
        string? format = null;
        string? mode = null;
        bool watch = false;
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--watch")
            {
                watch = true;
                continue;
            }

            if (arg is "--help" or "-h" or "help")
            {
                return new CommandLineArgs("help", configs, sets);
            }

            if (arg is "--version" or "-v" or "version")
            {
                return new CommandLineArgs("version", configs, sets);
            }

            if (i == 0 && arg is "run" or "validate" or "print-config" or "components" or "healthcheck")
            {
                command = arg;
                continue;
            }

            if (TryOption(args, ref i, "--config", out var value, out error))
            {
                configs.Add(value!);
            }
            else if (error is null && TryOption(args, ref i, "--set", out value, out error))
            {
                sets.Add(value!);
            }
            else if (error is null && TryOption(args, ref i, "--format", out value, out error))
            {
                format = value;
            }
            else if (error is null && TryOption(args, ref i, "--mode", out value, out error))
            {
                mode = value;
            }
            else
            {
                error ??= $"unknown argument \"{arg}\" (see --help)";
                return null;
            }
        }

        error = PrintConfigOptionsError(command, format, mode) ?? (watch && command != "run" ? "--watch is an option of run only (see --help)" : null);
        return error is null ? new CommandLineArgs(command, configs, sets) { Format = format ?? "yaml", Mode = mode ?? "redacted", Watch = watch } : null;
    }

    private static string? PrintConfigOptionsError(string command, string? format, string? mode)
    {
        if (command != "print-config" && (format ?? mode) is not null)
        {
            return "--format and --mode are options of print-config only (see --help)";
        }

        if (format is not null and not "yaml" and not "json")
        {
            return $"--format must be yaml or json, not \"{format}\"";
        }

        return mode is not null and not "redacted" and not "unredacted" ? $"--mode must be redacted or unredacted, not \"{mode}\"" : null;
    }

    // Accepts both "--name value" and "--name=value".
    private static bool TryOption(IReadOnlyList<string> args, ref int i, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        var arg = args[i];
        if (arg.StartsWith(name + "=", StringComparison.Ordinal))
        {
            value = arg[(name.Length + 1)..];
            return true;
        }

        if (arg != name)
        {
            return false;
        }

        if (i + 1 >= args.Count)
        {
            error = $"{name} needs a value";
            return false;
        }

        value = args[++i];
        return true;
    }
}
