using System.Reflection;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Hosting;

/// <summary>
/// Resolves which config to use (the <c>--config</c> sources, else <c>./collector.yaml</c>, else the embedded
/// default), merges it with <c>--set</c> overrides and validates it.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The name of the embedded default config.</summary>
    public const string EmbeddedDefault = "collector.yaml";

    /// <summary>Loads and validates; throws <see cref="ConfigException"/> listing every problem.</summary>
    public static CollectorConfig Load(IReadOnlyList<string> configs, IReadOnlyList<string> sets, ComponentRegistry registry, EnvExpander? env = null)
    {
        var check = Check(configs, sets, registry, env);
        return check.Config ?? throw new ConfigException(check.Errors);
    }

    /// <summary>
    /// Loads and validates without throwing: every error, and the warnings of whatever could be parsed (a config with
    /// errors still gets its warnings, so one run of <c>validate</c> says everything).
    /// </summary>
    public static ConfigCheck Check(IReadOnlyList<string> configs, IReadOnlyList<string> sets, ComponentRegistry registry, EnvExpander? env = null, ContainerDetection? container = null)
    {
        var errors = new ConfigErrors();
        var sources = ResolveSources(configs);
        var root = ConfigSources.Load(sources, sets, env ?? EnvExpander.Process, errors, ReadEmbedded);
        if (!errors.IsEmpty)
        {
            return new ConfigCheck(null, errors.Items, []);
        }

        var config = CollectorConfigParser.Parse(root, registry, errors, container);
        if (!errors.IsEmpty)
        {
            return new ConfigCheck(null, InFileOrder(errors.Items), config.Warnings);
        }

        config.Sources = ConfigSourceNames.Describe(sources, sets);
        return new ConfigCheck(config, [], config.Warnings);
    }

    // Errors are found section by section (components, then pipelines, then the top level); read in file order they
    // match the file the user has open. Sources keep the order they were first named in; errors without a place last.
    private static List<ConfigError> InFileOrder(IReadOnlyList<ConfigError> errors)
    {
        var sources = errors.Select(e => e.Location?.Source).Distinct().ToList();
        return [.. errors.OrderBy(e => e.Location is null).ThenBy(e => sources.IndexOf(e.Location?.Source)).ThenBy(e => e.Location?.Line).ThenBy(e => e.Location?.Column)];
    }

    /// <summary>The sources actually read when the command line names none.</summary>
    public static IReadOnlyList<string> ResolveSources(IReadOnlyList<string> configs)
    {
        if (configs.Count > 0)
        {
            return configs;
        }

        return File.Exists("collector.yaml") ? ["collector.yaml"] : ["embedded:" + EmbeddedDefault];
    }

    /// <summary>The text of the embedded default config.</summary>
    public static string? ReadEmbedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
