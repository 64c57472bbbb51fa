using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Debug;

/// <summary>How much the debug exporter prints.</summary>
public enum DebugVerbosity
{
    Basic,
    Normal,
    Detailed,
}

/// <summary>Options of the <c>debug</c> exporter (also accepted under its old name <c>logging</c>).</summary>
public sealed record DebugOptions
{
    /// <summary>What is printed per batch.</summary>
    public DebugVerbosity Verbosity { get; init; } = DebugVerbosity.Basic;

    /// <summary>Batches printed per second per signal before sampling starts.</summary>
    public int SamplingInitial { get; init; } = 2;

    /// <summary>After the initial ones, every Nth batch in the same second is printed; 1 prints all.</summary>
    public int SamplingThereafter { get; init; } = 1;

    /// <summary>Print through the collector's logger (true) or straight to <see cref="OutputPaths"/>.</summary>
    public bool UseInternalLogger { get; init; } = true;

    /// <summary>stdout or stderr, used when <see cref="UseInternalLogger"/> is false.</summary>
    public IReadOnlyList<string> OutputPaths { get; init; } = ["stdout"];

    /// <summary>Binds the section; under the old name <c>logging</c>, <c>loglevel</c> maps onto verbosity as it used to.</summary>
    public static DebugOptions Bind(ConfigSection section, string typeAsWritten)
    {
        var d = new DebugOptions();
        var verbosity = section.Choice("verbosity", "basic", "basic", "normal", "detailed");
        if (typeAsWritten == "logging" && section.Has("loglevel") && !section.Has("verbosity"))
        {
            verbosity = section.Choice("loglevel", "info", "debug", "info", "warn", "error") switch
            {
                "debug" => "detailed",
                "info" => "normal",
                _ => "basic",
            };
        }

        var options = new DebugOptions
        {
            Verbosity = verbosity switch
            {
                "normal" => DebugVerbosity.Normal,
                "detailed" => DebugVerbosity.Detailed,
                _ => DebugVerbosity.Basic,
            },
            SamplingInitial = section.Int("sampling_initial", d.SamplingInitial, min: 0),
            SamplingThereafter = section.Int("sampling_thereafter", d.SamplingThereafter, min: 1),
            UseInternalLogger = section.Bool("use_internal_logger", d.UseInternalLogger),
            OutputPaths = section.StringList("output_paths") ?? d.OutputPaths,
        };
        section.ReportUnknownKeys();

        foreach (var path in options.OutputPaths)
        {
            if (path is not ("stdout" or "stderr"))
            {
                section.Invalid("output_paths", $"unsupported output path \"{path}\" (valid values: stdout, stderr)");
            }
        }

        if (section.Has("output_paths") && options.UseInternalLogger)
        {
            section.Invalid("output_paths", "output_paths is only valid with use_internal_logger: false");
        }

        return options;
    }
}
