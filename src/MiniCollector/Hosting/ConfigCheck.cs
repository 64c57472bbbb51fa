using MiniCollector.Pipeline.Config;

namespace MiniCollector.Hosting;

/// <summary>What loading a config found: the config when it is valid, else every error; warnings either way.</summary>
public sealed record ConfigCheck(CollectorConfig? Config, IReadOnlyList<ConfigError> Errors, IReadOnlyList<string> Warnings);
