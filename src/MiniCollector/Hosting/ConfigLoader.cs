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
        var errors = new ConfigErrors();
        var sources = ResolveSources(configs);
        var root = ConfigSources.Load(sources, sets, env ?? EnvExpander.Process, errors, ReadEmbedded);
        if (!errors.IsEmpty)
        {
            throw new ConfigException(errors.Items);
        }

        var config = CollectorConfigParser.Parse(root, registry, errors);
        if (!errors.IsEmpty)
        {
            throw new ConfigException(errors.Items);
        }

        config.Sources = ConfigSourceNames.Describe(sources, sets);
        return config;
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
