namespace MiniCollector.Pipeline.Config;

/// <summary>One config problem: where it was written, the config path, and what is wrong.</summary>
public sealed record ConfigError(SourceLocation? Location, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Location is { } l ? l + ": " : string.Empty;
        var path = Path.Length > 0 ? Path + ": " : string.Empty;
        return where + path + Message;
    }
}

/// <summary>Collects every config problem so that all are reported at once.</summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<ConfigError> Items => _errors;

    /// <summary>What every section takes, to explain unknown keys by where they would be valid; null for no such advice.</summary>
    public ConfigSchema? Schema { get; set; }

    /// <summary>True when nothing is wrong.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Records a problem.</summary>
    public void Add(ConfigNode? node, string path, string message) => _errors.Add(new ConfigError(node?.Location, path, message));

    /// <summary>Records a problem at a known location.</summary>
    public void Add(SourceLocation? location, string path, string message) => _errors.Add(new ConfigError(location, path, message));
}

/// <summary>Thrown when a config cannot be used; carries every problem found.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(FormatMessage(errors))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; } = errors;

    private static string FormatMessage(IReadOnlyList<ConfigError> errors)
        => errors.Count == 1 ? "invalid configuration: " + errors[0] : $"invalid configuration ({errors.Count} errors):" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
