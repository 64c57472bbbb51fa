using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>One document of a Kubernetes manifest under examples/: its kind, name, namespace and the YAML itself.</summary>
internal sealed record KubernetesObject(string File, string Kind, string Name, string? Namespace, YamlMappingNode Node)
{
    /// <summary>Every object of every manifest under examples/ (files of <see cref="ExampleKind.Kubernetes"/>).</summary>
    public static IReadOnlyList<KubernetesObject> All() =>
        [.. ExampleFiles.OfKind(ExampleKind.Kubernetes).SelectMany(file => ExampleFiles.LoadDocuments(file).Select(d => From(file, d)))];

    /// <summary>The object's pod template's spec (Deployment, DaemonSet, StatefulSet), else null.</summary>
    public YamlMappingNode? PodSpec => Yaml.Map(Yaml.Map(Yaml.Map(Node, "spec"), "template"), "spec");

    /// <summary>The labels of its pod template.</summary>
    public YamlMappingNode? PodLabels => Yaml.Map(Yaml.Map(Yaml.Map(Yaml.Map(Node, "spec"), "template"), "metadata"), "labels");

    /// <summary>Its containers (a workload's pod template).</summary>
    public IEnumerable<YamlMappingNode> Containers => Yaml.Sequence(PodSpec, "containers").Cast<YamlMappingNode>();

    /// <summary>A ConfigMap's data, key → text.</summary>
    public IReadOnlyDictionary<string, string> Data =>
        Yaml.Map(Node, "data")?.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!) ?? [];

    private static KubernetesObject From(string file, YamlMappingNode node)
    {
        var metadata = Yaml.Map(node, "metadata");
        return new KubernetesObject(file, Yaml.Scalar(node, "kind") ?? string.Empty, Yaml.Scalar(metadata, "name") ?? string.Empty, Yaml.Scalar(metadata, "namespace"), node);
    }
}
