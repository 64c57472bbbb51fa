namespace MiniCollector.Pipeline.Config;

/// <summary>A node of a loaded config document, remembering where it was written.</summary>
public abstract class ConfigNode(SourceLocation location)
{
    /// <summary>Where the node was written.</summary>
    public SourceLocation Location { get; } = location;

    /// <summary>What kind of value this is, for error messages.</summary>
    public abstract string Describe();
}

/// <summary>A YAML mapping, keys in written order.</summary>
public sealed class ConfigMap(SourceLocation location) : ConfigNode(location)
{
    private readonly List<KeyValuePair<string, ConfigNode>> _entries = [];
    private readonly Dictionary<string, SourceLocation> _keyLocations = new(StringComparer.Ordinal);

    /// <summary>The entries in written order.</summary>
    public IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries => _entries;

    /// <summary>Where a key itself was written (its value may start on another line).</summary>
    public SourceLocation KeyLocation(string key) => _keyLocations.TryGetValue(key, out var l) ? l : Location;

    /// <summary>Sets a key, replacing an existing value in place.</summary>
    public void Set(string key, ConfigNode value, SourceLocation? keyLocation = null)
    {
        _keyLocations[key] = keyLocation ?? (_keyLocations.TryGetValue(key, out var known) ? known : value.Location);
        for (int i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key == key)
            {
                _entries[i] = new(key, value);
                return;
            }
        }

        _entries.Add(new(key, value));
    }

    /// <summary>Looks a key up.</summary>
    public bool TryGet(string key, out ConfigNode value)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <inheritdoc />
    public override string Describe() => "a map";
}

/// <summary>A YAML sequence.</summary>
public sealed class ConfigList(SourceLocation location, IReadOnlyList<ConfigNode> items) : ConfigNode(location)
{
    /// <summary>The items in order.</summary>
    public IReadOnlyList<ConfigNode> Items { get; } = items;

    /// <inheritdoc />
    public override string Describe() => "a list";
}

/// <summary>A YAML scalar; <see cref="Value"/> is null for an explicit or empty null (<c>batch:</c>).</summary>
public sealed class ConfigScalar(SourceLocation location, string? value, bool quoted) : ConfigNode(location)
{
    /// <summary>The text after environment expansion; null for YAML null.</summary>
    public string? Value { get; } = value;

    /// <summary>True when written in quotes, so it is a string whatever it looks like.</summary>
    public bool Quoted { get; } = quoted;

    /// <inheritdoc />
    public override string Describe() => Value is null ? "null" : $"\"{Value}\"";
}
