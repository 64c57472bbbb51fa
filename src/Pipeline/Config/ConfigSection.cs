using System.Globalization;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Binds one config section into typed values without reflection. Every key a binder asks for is remembered,
/// so <see cref="ReportUnknownKeys"/> can name any other key as invalid and list the valid ones.
/// All problems go to the shared <see cref="ConfigErrors"/>; getters return the default after reporting.
/// </summary>
public sealed class ConfigSection
{
    private readonly ConfigMap? _map;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<string> _knownOrdered = [];

    public ConfigSection(ConfigNode? node, string path, ConfigErrors errors)
    {
        Node = node;
        Path = path;
        Errors = errors;
        _map = node as ConfigMap;
        if (node is not null and not ConfigMap && !(node is ConfigScalar { Value: null }))
        {
            errors.Add(node, path, $"expected a map of settings, found {node.Describe()}");
        }
    }

    /// <summary>The section's node; null when the section is absent.</summary>
    public ConfigNode? Node { get; }

    /// <summary>The config path, e.g. <c>receivers::otlp::protocols::http</c>.</summary>
    public string Path { get; }

    /// <summary>Where problems are collected.</summary>
    public ConfigErrors Errors { get; }

    /// <summary>True when the section was written (even as an empty value).</summary>
    public bool IsPresent => Node is not null;

    /// <summary>True when the key was written in this section (even with an empty value).</summary>
    public bool Has(string key)
    {
        Remember(key);
        return _map is not null && _map.TryGet(key, out _);
    }

    /// <summary>The raw node of a key, whatever its shape (null when not written).</summary>
    public ConfigNode? NodeOf(string key) => Lookup(key);

    /// <summary>A nested section (absent when the key is not written).</summary>
    public ConfigSection Section(string key) => new(Lookup(key), Child(key), Errors);

    /// <summary>A string value.</summary>
    public string String(string key, string defaultValue) => StringOrNull(key) ?? defaultValue;

    /// <summary>A string value, or null when not written.</summary>
    public string? StringOrNull(string key)
    {
        var node = Lookup(key);
        switch (node)
        {
            case null:
                return null;
            case ConfigScalar s:
                return s.Value;
            default:
                Errors.Add(node, Child(key), $"expected a string, found {node.Describe()}");
                return null;
        }
    }

    /// <summary>One of a fixed set of words.</summary>
    public string Choice(string key, string defaultValue, params string[] choices)
    {
        var value = StringOrNull(key);
        if (value is null)
        {
            return defaultValue;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice, value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        Errors.Add(Lookup(key), Child(key), $"invalid value \"{value}\" (valid values: {string.Join(", ", choices)})");
        return defaultValue;
    }

    /// <summary>An integer within an optional range.</summary>
    public int Int(string key, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
        => (int)Long(key, defaultValue, min, max);

    /// <summary>A 64-bit integer within an optional range.</summary>
    public long Long(string key, long defaultValue, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = ScalarText(key, "an integer");
        if (text is null)
        {
            return defaultValue;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            Errors.Add(Lookup(key), Child(key), $"expected an integer, found \"{text}\"");
            return defaultValue;
        }

        if (value < min || value > max)
        {
            Errors.Add(Lookup(key), Child(key), RangeMessage(value.ToString(CultureInfo.InvariantCulture), min, max));
            return defaultValue;
        }

        return value;
    }

    /// <summary>A floating-point number.</summary>
    public double Double(string key, double defaultValue)
    {
        var text = ScalarText(key, "a number");
        if (text is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            Errors.Add(Lookup(key), Child(key), $"expected a number, found \"{text}\"");
            return defaultValue;
        }

        return value;
    }

    /// <summary>A boolean (<c>true</c>/<c>false</c>).</summary>
    public bool Bool(string key, bool defaultValue)
    {
        var text = ScalarText(key, "true or false");
        if (text is null)
        {
            return defaultValue;
        }

        if (!bool.TryParse(text, out bool value))
        {
            Errors.Add(Lookup(key), Child(key), $"expected true or false, found \"{text}\"");
            return defaultValue;
        }

        return value;
    }

    /// <summary>A duration in Go syntax (<c>200ms</c>, <c>5s</c>, <c>1m</c>), not negative.</summary>
    public TimeSpan Duration(string key, TimeSpan defaultValue)
    {
        var text = ScalarText(key, "a duration");
        if (text is null)
        {
            return defaultValue;
        }

        if (!GoDuration.TryParse(text, out var value))
        {
            Errors.Add(Lookup(key), Child(key), $"expected a duration such as 200ms, 5s or 1m, found \"{text}\"");
            return defaultValue;
        }

        if (value < TimeSpan.Zero)
        {
            Errors.Add(Lookup(key), Child(key), $"must not be negative, found \"{text}\"");
            return defaultValue;
        }

        return value;
    }

    /// <summary>A list of strings; null when not written.</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        var node = Lookup(key);
        switch (node)
        {
            case null:
            case ConfigScalar { Value: null }:
                return null;
            case ConfigList list:
                var result = new List<string>(list.Items.Count);
                foreach (var item in list.Items)
                {
                    if (item is ConfigScalar { Value: { } v })
                    {
                        result.Add(v);
                    }
                    else
                    {
                        Errors.Add(item, Child(key), $"expected a list of strings, found {item.Describe()} in it");
                    }
                }

                return result;
            default:
                Errors.Add(node, Child(key), $"expected a list, found {node.Describe()}");
                return null;
        }
    }

    /// <summary>A map of string to string; null when not written.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        var node = Lookup(key);
        switch (node)
        {
            case null:
            case ConfigScalar { Value: null }:
                return null;
            case ConfigMap map:
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in map.Entries)
                {
                    if (v is ConfigScalar s)
                    {
                        result[k] = s.Value ?? string.Empty;
                    }
                    else
                    {
                        Errors.Add(v, Child(key) + "::" + k, $"expected a string, found {v.Describe()}");
                    }
                }

                return result;
            default:
                Errors.Add(node, Child(key), $"expected a map, found {node.Describe()}");
                return null;
        }
    }

    /// <summary>Reports a problem with one key's value.</summary>
    public void Invalid(string key, string message) => Errors.Add(Lookup(key) ?? Node, Child(key), message);

    /// <summary>Reports a problem with the whole section.</summary>
    public void Invalid(string message) => Errors.Add(Node, Path, message);

    /// <summary>
    /// Reports every written key that no binder asked for, listing the valid keys. <paramref name="hints"/> adds a
    /// sentence for keys users are known to put in the wrong place.
    /// </summary>
    public void ReportUnknownKeys(IReadOnlyDictionary<string, string>? hints = null)
    {
        if (_map is null)
        {
            return;
        }

        foreach (var (key, value) in _map.Entries)
        {
            if (!_known.Contains(key))
            {
                var valid = _knownOrdered.Count == 0 ? "this section takes no keys" : "valid keys: " + string.Join(", ", _knownOrdered);
                var hint = hints is not null && hints.TryGetValue(key, out var h) ? " " + h : string.Empty;
                Errors.Add(_map.KeyLocation(key), Path, $"unknown key \"{key}\" ({valid}){hint}");
            }
        }
    }

    private string Child(string key) => Path.Length == 0 ? key : Path + "::" + key;

    private ConfigNode? Lookup(string key)
    {
        Remember(key);
        if (_map is null || !_map.TryGet(key, out var node))
        {
            return null;
        }

        return node;
    }

    private string? ScalarText(string key, string expected)
    {
        var node = Lookup(key);
        switch (node)
        {
            case null:
                return null;
            case ConfigScalar s:
                return s.Value;
            default:
                Errors.Add(node, Child(key), $"expected {expected}, found {node.Describe()}");
                return null;
        }
    }

    private void Remember(string key)
    {
        if (_known.Add(key))
        {
            _knownOrdered.Add(key);
        }
    }

    private static string RangeMessage(string value, long min, long max)
    {
        bool bounded = min != long.MinValue && min != int.MinValue && max != long.MaxValue && max != int.MaxValue;
        if (bounded)
        {
            return $"must be between {min} and {max}, found {value}";
        }

        return long.Parse(value, CultureInfo.InvariantCulture) > max ? $"must be at most {max}, found {value}" : $"must be at least {min}, found {value}";
    }
}
