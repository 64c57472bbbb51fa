namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Builds the effective config from several <c>--config</c> sources (deep-merged in order, last wins, lists
/// replaced) and <c>--set key.path=value</c> overrides applied after them, as the reference collector does.
/// </summary>
public static class ConfigSources
{
    /// <summary>Loads and merges every source; returns the merged root map (possibly empty when errors occurred).</summary>
    public static ConfigMap Load(IReadOnlyList<string> configs, IReadOnlyList<string> sets, EnvExpander env, ConfigErrors errors, Func<string, string?>? readEmbedded = null)
    {
        var root = new ConfigMap(new SourceLocation("(merged)", 0, 0));
        foreach (var config in configs)
        {
            var node = LoadOne(config, env, errors, readEmbedded);
            if (node is ConfigMap map)
            {
                Merge(root, map);
            }
            else if (node is not null)
            {
                errors.Add(node, string.Empty, $"the top level of a config must be a map, found {node.Describe()}");
            }
        }

        foreach (var set in sets)
        {
            var map = ParseSet(set, env, errors);
            if (map is not null)
            {
                Merge(root, map);
            }
        }

        return root;
    }

    /// <summary>Deep-merges <paramref name="source"/> into <paramref name="target"/>: maps merge, everything else replaces.</summary>
    public static void Merge(ConfigMap target, ConfigMap source)
    {
        foreach (var (key, value) in source.Entries)
        {
            if (value is ConfigMap sourceMap && target.TryGet(key, out var existing) && existing is ConfigMap targetMap)
            {
                Merge(targetMap, sourceMap);
            }
            else
            {
                target.Set(key, value, source.KeyLocation(key));
            }
        }
    }

    private static ConfigNode? LoadOne(string config, EnvExpander env, ConfigErrors errors, Func<string, string?>? readEmbedded)
    {
        if (config.StartsWith("yaml:", StringComparison.Ordinal))
        {
            var node = YamlConfigReader.Read(config["yaml:".Length..], "--config " + config, env, errors);
            return node is ConfigMap map ? ExpandPathKeys(map) : node;
        }

        if (config.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = config["env:".Length..];
            var text = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(text))
            {
                errors.Add(new SourceLocation("--config " + config, 0, 0), string.Empty, $"environment variable {name} is not set or empty");
                return null;
            }

            return YamlConfigReader.Read(text, "env:" + name, env, errors);
        }

        if (config.StartsWith("embedded:", StringComparison.Ordinal) && readEmbedded is not null)
        {
            var text = readEmbedded(config["embedded:".Length..]);
            return text is null ? null : YamlConfigReader.Read(text, config, env, errors);
        }

        var path = config.StartsWith("file:", StringComparison.Ordinal) ? config["file:".Length..] : config;
        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new SourceLocation(path, 0, 0), string.Empty, "cannot read config file: " + ex.Message);
            return null;
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            errors.Add(new SourceLocation(path, 0, 0), string.Empty, "empty configuration file");
            return null;
        }

        return YamlConfigReader.Read(content, path, env, errors);
    }

    private static ConfigMap? ParseSet(string set, EnvExpander env, ConfigErrors errors)
    {
        var source = "--set " + set;
        int eq = set.IndexOf('=');
        if (eq <= 0)
        {
            errors.Add(new SourceLocation(source, 0, 0), string.Empty, "expected --set key.path=value");
            return null;
        }

        var keys = set[..eq].Split('.');
        if (keys.Any(k => k.Length == 0))
        {
            errors.Add(new SourceLocation(source, 0, 0), string.Empty, $"empty key in \"{set[..eq]}\"");
            return null;
        }

        // The value is YAML, so lists and maps can be set too ("--set service.extensions=[health_check]").
        var value = YamlConfigReader.Read("v: " + set[(eq + 1)..], source, env, errors);
        if (value is not ConfigMap wrapper || !wrapper.TryGet("v", out var node))
        {
            return null;
        }

        return Nest(keys, node, new SourceLocation(source, 0, 0));
    }

    // "yaml:a::b::c: v" uses "::" as the path separator inside keys.
    private static ConfigMap ExpandPathKeys(ConfigMap map)
    {
        var result = new ConfigMap(map.Location);
        foreach (var (key, value) in map.Entries)
        {
            var inner = value is ConfigMap m ? ExpandPathKeys(m) : value;
            var parts = key.Split("::");
            Merge(result, Nest(parts, inner, map.Location));
        }

        return result;
    }

    private static ConfigMap Nest(string[] keys, ConfigNode leaf, SourceLocation location)
    {
        ConfigNode node = leaf;
        for (int i = keys.Length - 1; i >= 1; i--)
        {
            var map = new ConfigMap(location);
            map.Set(keys[i], node);
            node = map;
        }

        var root = new ConfigMap(location);
        root.Set(keys[0], node);
        return root;
    }
}
