using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// An override file merged into the compose file before it (<c>docker-compose -f base -f override</c>), for the keys the
/// examples use, as Debian's docker-compose 1.29 merges them: so that the tests judge the stack the engine is asked to
/// run, not each file alone.
/// </summary>
internal static class ComposeMerge
{
    public static YamlMappingNode Files(YamlMappingNode first, YamlMappingNode second)
    {
        var merged = Copy(first);
        foreach (var (key, value) in second.Children)
        {
            merged.Children.TryGetValue(key, out var existing);
            merged.Children[key] = (((YamlScalarNode)key).Value, existing, value) switch
            {
                ("services", YamlMappingNode services, YamlMappingNode overrides) => Entries(services, overrides, Service),

                // Top-level networks and volumes: the override's entry of a name replaces the base's entry whole.
                (_, YamlMappingNode entries, YamlMappingNode overrides) => Entries(entries, overrides, (_, o) => o),
                _ => value,
            };
        }

        return merged;
    }

    private static YamlNode Service(YamlNode first, YamlNode second)
    {
        var merged = Copy((YamlMappingNode)first);
        foreach (var (key, value) in ((YamlMappingNode)second).Children)
        {
            merged.Children.TryGetValue(key, out var existing);
            merged.Children[key] = existing is null ? value : ((YamlScalarNode)key).Value switch
            {
                "build" => Build(existing, value),
                "environment" or "labels" or "depends_on" or "healthcheck" => Entries(AsMapping(existing), AsMapping(value), (_, o) => o),

                // A bind mount replaces the base's mount at the same place in the container.
                "volumes" => Sequence(Items(existing).Concat(Items(value)).GroupBy(MountTarget).Select(g => g.Last())),

                // docker-compose 1.29 keys a port by container port, host port, host address and protocol together: an
                // override adds ports beside the base's and cannot take one of them away.
                "ports" or "profiles" => Sequence(Items(existing).Concat(Items(value)).DistinctBy(v => v).ToList()),
                _ => value,
            };
        }

        return merged;
    }

    private static YamlMappingNode Build(YamlNode first, YamlNode second)
    {
        var merged = Copy(AsBuild(first));
        foreach (var (key, value) in AsBuild(second).Children)
        {
            merged.Children[key] = ((YamlScalarNode)key).Value == "args" && merged.Children.TryGetValue(key, out var args)
                ? Entries(AsMapping(args), AsMapping(value), (_, o) => o)
                : value;
        }

        return merged;
    }

    // "build: ./dir" is short for "build: {context: ./dir}".
    private static YamlMappingNode AsBuild(YamlNode node) =>
        node as YamlMappingNode ?? new YamlMappingNode(new YamlScalarNode("context"), node);

    // A list form ("depends_on: [a, b]", "environment: [K=V]") as the mapping it stands for.
    private static YamlMappingNode AsMapping(YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }

        var result = new YamlMappingNode();
        foreach (var item in Items(node))
        {
            var parts = item.Split('=', 2);
            result.Children[new YamlScalarNode(parts[0])] = new YamlScalarNode(parts.Length > 1 ? parts[1] : string.Empty);
        }

        return result;
    }

    private static YamlMappingNode Entries(YamlMappingNode first, YamlMappingNode second, Func<YamlNode, YamlNode, YamlNode> merge)
    {
        var merged = Copy(first);
        foreach (var (key, value) in second.Children)
        {
            merged.Children[key] = merged.Children.TryGetValue(key, out var existing) ? merge(existing, value) : value;
        }

        return merged;
    }

    private static IEnumerable<string> Items(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!);

    private static string MountTarget(string volume)
    {
        var parts = volume.Split(':');
        return parts.Length > 1 ? parts[1] : parts[0];
    }

    private static YamlSequenceNode Sequence(IEnumerable<string> items) => new(items.Select(i => (YamlNode)new YamlScalarNode(i)));

    private static YamlMappingNode Copy(YamlMappingNode map) => new(map.Children);
}
