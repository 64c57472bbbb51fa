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

    // Probe mode (schema learning): every optional key counts as written so binders walk every sub-section, and
    // every key asked for is recorded.
    private readonly ConfigSchema? _probe;

    public ConfigSection(ConfigNode? node, string path, ConfigErrors errors)
        : this(node, path, errors, probe: null)
    {
    }

    internal ConfigSection(ConfigNode? node, string path, ConfigErrors errors, ConfigSchema? probe)
    {
        _probe = probe;
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
    public bool IsPresent => Node is not null || _probe is not null;

    /// <summary>True when the key was written in this section (even with an empty value).</summary>
    public bool Has(string key)
    {
        Remember(key);
        return _probe is not null || (_map is not null && _map.TryGet(key, out _));
    }

    /// <summary>The raw node of a key, whatever its shape (null when not written).</summary>
    public ConfigNode? NodeOf(string key) => Lookup(key);

    /// <summary>A nested section (absent when the key is not written).</summary>
    public ConfigSection Section(string key) => new(Lookup(key), Child(key), Errors, _probe);

    /// <summary>A string value.</summary>
    public string String(string key, string defaultValue) => StringOrNull(key) ?? defaultValue;

    /// <summary>A string value, or null when not written.</summary>
    public string? StringOrNull(string key) => ScalarText(key, "a string");

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

        var near = EditDistance.Closest(value, choices) is { } n ? $"; did you mean \"{n}\"?" : string.Empty;
        Errors.Add(Lookup(key), Child(key), $"invalid value \"{value}\" (valid values: {string.Join(", ", choices)}){near}");
        return defaultValue;
    }

    /// <summary>An integer within an optional range.</summary>
    public int Int(string key, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
        => (int)Long(key, defaultValue, min, max);

    /// <summary>A 64-bit integer within an optional range.</summary>
    public long Long(string key, long defaultValue, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!TryParseScalar(key, "an integer", ParseLong, out long value, out _))
        {
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
        => TryParseScalar(key, "a number", ParseDouble, out double value, out _) ? value : defaultValue;

    /// <summary>A boolean (<c>true</c>/<c>false</c>).</summary>
    public bool Bool(string key, bool defaultValue)
        => TryParseScalar(key, "true or false", bool.TryParse, out bool value, out _) ? value : defaultValue;

    /// <summary>A duration in Go syntax (<c>200ms</c>, <c>5s</c>, <c>1m</c>), not negative.</summary>
    public TimeSpan Duration(string key, TimeSpan defaultValue)
    {
        // A bare number is the most common mistake (Go durations need a unit), so it gets its own suggestion.
        var advice = NodeOf(key) is ConfigScalar { Value: { } written } && ParseDouble(written, out _) ? $"; did you mean \"{written}s\"?" : string.Empty;
        if (!TryParseScalar(key, "a duration", GoDuration.TryParse, out TimeSpan value, out var text, " such as 200ms, 5s or 1m", advice))
        {
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
        if (Expect<ConfigList>(key, "a list") is not { } list)
        {
            return null;
        }

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
    }

    /// <summary>A map of string to string; null when not written.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        if (Expect<ConfigMap>(key, "a map") is not { } map)
        {
            return null;
        }

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
                // A hand-written hint knows better than the generic advice.
                var hint = hints is not null && hints.TryGetValue(key, out var h) ? " " + h : UnknownKeyAdvice.Explain(key, Path, _knownOrdered, Errors.Schema);
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

    private string? ScalarText(string key, string expected) => Expect<ConfigScalar>(key, expected)?.Value;

    // The key's node when it has the expected shape; null when it is not written or written empty, and null with an
    // error reported when it has another shape.
    private TNode? Expect<TNode>(string key, string expected)
        where TNode : ConfigNode
    {
        var node = Lookup(key);
        if (node is null or TNode or ConfigScalar { Value: null })
        {
            return node as TNode;
        }

        Errors.Add(node, Child(key), $"expected {expected}, found {node.Describe()}");
        return null;
    }

    // Reads a scalar and parses it; false, with any problem reported, when it is not written, not a scalar or not parsed.
    private bool TryParseScalar<T>(string key, string expected, ScalarParser<T> parse, out T value, out string text, string example = "", string advice = "")
    {
        value = default!;
        var scalar = ScalarText(key, expected);
        text = scalar ?? string.Empty;
        if (scalar is null)
        {
            return false;
        }

        if (!parse(scalar, out value))
        {
            Errors.Add(Lookup(key), Child(key), $"expected {expected}{example}, found \"{text}\"{advice}");
            return false;
        }

        return true;
    }

    private static bool ParseLong(string text, out long value)
        => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool ParseDouble(string text, out double value)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private void Remember(string key)
    {
        if (_known.Add(key))
        {
            _knownOrdered.Add(key);
            _probe?.Record(Path, key);
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

    private delegate bool ScalarParser<T>(string text, out T value);
}
