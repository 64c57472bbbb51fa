using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>One compose service: image or build, bind mounts resolved against the compose file's folder, ports, replicas.</summary>
internal sealed record ComposeService(
    string? Image,
    ComposeBuild? Build,
    IReadOnlyList<ComposeMount> Mounts,
    IReadOnlyList<ComposePort> Ports,
    IReadOnlyList<string> Profiles,
    IReadOnlyList<string> DependsOn,
    int Replicas)
{
    public static ComposeService From(YamlMappingNode service, string composeDirectory)
    {
        string? Scalar(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlScalarNode)node).Value : null;
        IEnumerable<YamlNode> Sequence(string key) =>
            service.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlSequenceNode)node).Children : [];

        ComposeBuild? build = null;
        if (service.Children.TryGetValue(new YamlScalarNode("build"), out var buildNode))
        {
            var map = (YamlMappingNode)buildNode;
            var context = Path.GetFullPath(Path.Combine(composeDirectory, Scalar(map, "context") ?? "."));
            var args = Yaml.Map(map, "args")?.Children.ToDictionary(a => ((YamlScalarNode)a.Key).Value!, a => ((YamlScalarNode)a.Value).Value ?? string.Empty, StringComparer.Ordinal)
                ?? [];
            build = new ComposeBuild(context, Path.Combine(context, Scalar(map, "dockerfile") ?? "Dockerfile"), args);
        }

        var mounts = new List<ComposeMount>();
        foreach (var volume in Sequence("volumes"))
        {
            // Short syntax "source:target[:mode]"; only bind mounts (a path source) are this folder's business.
            var parts = ((YamlScalarNode)volume).Value!.Split(':');
            if (parts[0].StartsWith('.') || parts[0].StartsWith('/'))
            {
                mounts.Add(new ComposeMount(Path.GetFullPath(Path.Combine(composeDirectory, parts[0])), parts[1], parts.Length > 2 && parts[2] == "ro"));
            }
        }

        var ports = Sequence("ports").Select(p => ComposePort.Parse(((YamlScalarNode)p).Value!)).ToList();
        var profiles = Sequence("profiles").Select(p => ((YamlScalarNode)p).Value!).ToList();

        // depends_on: a list of names, or a mapping from names to conditions.
        var dependsOn = Yaml.Child(service, "depends_on") switch
        {
            YamlMappingNode conditions => conditions.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList(),
            YamlSequenceNode names => names.Children.Select(n => ((YamlScalarNode)n).Value!).ToList(),
            _ => [],
        };
        var replicas = service.Children.TryGetValue(new YamlScalarNode("deploy"), out var deploy) && Scalar((YamlMappingNode)deploy, "replicas") is { } count
            ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)
            : 1;
        return new ComposeService(Scalar(service, "image"), build, mounts, ports, profiles, dependsOn, replicas);
    }
}
