namespace MiniCollector.CommandLine;

/// <summary>The parsed command line: <c>minicollector [run|validate|components|healthcheck] [--config F]... [--set k=v]...</c>.</summary>
public sealed record CommandLineArgs(string Command, IReadOnlyList<string> Configs, IReadOnlyList<string> Sets)
{
    /// <summary>True with <c>--watch</c>: the running collector reloads its config when a <c>--config</c> file changes.</summary>
    public bool Watch { get; init; }

    /// <summary>The help text printed by <c>--help</c>.</summary>
    public const string Help = """
        MiniCollector: a lightweight OpenTelemetry collector.

        Usage:
          minicollector [--config FILE]... [--set key.path=value]...   run the collector
          minicollector validate [--config FILE]... [--set ...]       check a config without starting anything
          minicollector components                                     list the component types built in
          minicollector healthcheck                                    exit 0 if health_check on 127.0.0.1 answers 200
          minicollector --version                                      print the version and NativeAOT or JIT
          minicollector --help                                         print this text

        Options:
          --config FILE   a config source; repeat to deep-merge several in order (the last wins, lists are replaced).
                          FILE may be a path, file:PATH, env:VARIABLE or yaml:a::b::c: value.
                          Without --config: ./collector.yaml if it exists, else the built-in default config.
          --set K=V       override one value after all --config sources, e.g. --set processors.batch.timeout=2s
          --watch         reload the config when a --config file changes (SIGHUP always reloads it)

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

            if (i == 0 && arg is "run" or "validate" or "components" or "healthcheck")
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
            else
            {
                error ??= $"unknown argument \"{arg}\" (see --help)";
                return null;
            }
        }

        return new CommandLineArgs(command, configs, sets) { Watch = watch };
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
