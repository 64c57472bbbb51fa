using MiniCollector.Hosting;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.CommandLine;

/// <summary>
/// <c>validate</c> and <c>print-config</c>: both load the config as <c>run</c> would and print the same errors.
/// Writers and container detection are parameters so tests run them in process with a fixed answer.
/// </summary>
public static class ConfigCommands
{
    /// <summary>Exit code for a valid config.</summary>
    public const int Valid = 0;

    /// <summary>Exit code for an invalid config (bad command lines exit 2 before reaching here).</summary>
    public const int Invalid = 1;

    /// <summary>Checks the config: errors first (on <paramref name="error"/>), then <c>warning:</c> lines; 0 valid, 1 invalid.</summary>
    public static int Validate(CommandLineArgs args, TextWriter output, TextWriter error, ContainerDetection? container = null)
    {
        var check = Check(args, container);
        if (check.Config is not { } config)
        {
            return PrintInvalid(check, error);
        }

        foreach (var notice in config.Notices)
        {
            output.WriteLine("notice: " + notice);
        }

        PrintWarnings(check, output);
        output.WriteLine($"config is valid ({string.Join(", ", ConfigLoader.ResolveSources(args.Configs))}): {config.Pipelines.Count} pipeline(s)");
        return Valid;
    }

    /// <summary>
    /// Prints the effective config on <paramref name="output"/> (nothing else goes there, so it can be piped); an
    /// invalid config prints what <see cref="Validate"/> prints and exits 1; warnings go to <paramref name="error"/>.
    /// </summary>
    public static int PrintConfig(CommandLineArgs args, TextWriter output, TextWriter error, ContainerDetection? container = null)
    {
        var check = Check(args, container);
        if (check.Config?.Document is not { } document)
        {
            return PrintInvalid(check, error);
        }

        bool redact = args.Mode != "unredacted";
        output.Write(args.Format == "json" ? ConfigJsonWriter.Write(document, redact) : ConfigYamlWriter.Write(document, redact));
        PrintWarnings(check, error);
        return Valid;
    }

    private static ConfigCheck Check(CommandLineArgs args, ContainerDetection? container)
        => ConfigLoader.Check(args.Configs, args.Sets, BuiltinComponents.CreateRegistry(), container: container);

    private static int PrintInvalid(ConfigCheck check, TextWriter error)
    {
        error.WriteLine(new ConfigException(check.Errors).Message);
        PrintWarnings(check, error);
        return Invalid;
    }

    private static void PrintWarnings(ConfigCheck check, TextWriter writer)
    {
        foreach (var warning in check.Warnings)
        {
            writer.WriteLine("warning: " + warning);
        }
    }
}
