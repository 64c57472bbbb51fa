using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>One compose service: image or build, bind mounts resolved against the compose file's folder, ports, replicas.</summary>
internal sealed record ComposeService(
    string? Image,
    ComposeBuild? Build,
    IReadOnlyList<ComposeMount> Mounts,
    IReadOnlyList<(int Host, int Container)> Ports,
    IReadOnlyList<string> Profiles,
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
            build = new ComposeBuild(context, Path.Combine(context, Scalar(map, "dockerfile") ?? "Dockerfile"));
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

        var ports = new List<(int, int)>();
        foreach (var port in Sequence("ports"))
        {
            var parts = ((YamlScalarNode)port).Value!.Split(':');
            ports.Add((int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)));
        }

        var profiles = Sequence("profiles").Select(p => ((YamlScalarNode)p).Value!).ToList();
        var replicas = service.Children.TryGetValue(new YamlScalarNode("deploy"), out var deploy) && Scalar((YamlMappingNode)deploy, "replicas") is { } count
            ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)
            : 1;
        return new ComposeService(Scalar(service, "image"), build, mounts, ports, profiles, replicas);
    }
}
