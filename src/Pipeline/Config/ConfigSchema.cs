using System.Text;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Which keys each config section takes, learnt by binding every component type (and the service section) once
/// against an empty probe (<see cref="ConfigSection"/> in probe mode answers "written" for every optional
/// sub-section, so binders walk all of them). Lets an unknown key be explained by where it would be valid. Paths are
/// normalised: a component id becomes its type (<c>otlp/2</c> → <c>otlp</c>, aliases → the type), a pipeline name
/// becomes <c>&lt;pipeline&gt;</c> and list indexes are dropped.
/// </summary>
public sealed class ConfigSchema
{
    private static readonly HashSet<string> ComponentSections = new(StringComparer.Ordinal) { "receivers", "processors", "exporters", "extensions", "connectors" };

    private readonly Dictionary<string, List<string>> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _typeOf;

    /// <summary>Creates an empty schema; <paramref name="typeOf"/> maps <c>section::alias</c> to the type name.</summary>
    public ConfigSchema(IReadOnlyDictionary<string, string>? typeOf = null)
    {
        _typeOf = typeOf is null ? new(StringComparer.Ordinal) : new(typeOf, StringComparer.Ordinal);
    }

    /// <summary>Every section path learnt, normalised, with its keys in the order binders ask for them.</summary>
    public IReadOnlyDictionary<string, List<string>> Sections => _keys;

    /// <summary>Records that the section at <paramref name="path"/> takes <paramref name="key"/>.</summary>
    public void Record(string path, string key)
    {
        var normalised = Normalize(path);
        if (!_keys.TryGetValue(normalised, out var keys))
        {
            _keys[normalised] = keys = [];
        }

        if (!keys.Contains(key))
        {
            keys.Add(key);
        }
    }

    /// <summary>The normalised paths of every section that takes <paramref name="key"/>, in the order learnt.</summary>
    public IEnumerable<string> SectionsTaking(string key)
    {
        foreach (var (path, keys) in _keys)
        {
            if (keys.Contains(key))
            {
                yield return path;
            }
        }
    }

    /// <summary>The keys of the section at <paramref name="path"/> (normalised here); empty when unknown.</summary>
    public IReadOnlyList<string> KeysOf(string path) => _keys.TryGetValue(Normalize(path), out var keys) ? keys : [];

    /// <summary>A config path in the schema's normal form.</summary>
    public string Normalize(string path)
    {
        if (path.Length == 0)
        {
            return path;
        }

        var parts = path.Split("::");
        var result = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            int bracket = part.IndexOf('[');
            if (bracket >= 0)
            {
                part = part[..bracket];
            }

            if (i == 1 && ComponentSections.Contains(parts[0]))
            {
                int slash = part.IndexOf('/');
                part = slash >= 0 ? part[..slash] : part;
                part = _typeOf.TryGetValue(parts[0] + "::" + part, out var type) ? type : part;
            }
            else if (i == 2 && parts[0] == "service" && parts[1] == "pipelines")
            {
                part = "<pipeline>";
            }

            if (i > 0)
            {
                result.Append("::");
            }

            result.Append(part);
        }

        return result.ToString();
    }
}
