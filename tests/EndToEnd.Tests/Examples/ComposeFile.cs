using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>The parts of a Docker Compose file the example tests check: services, their bind mounts, builds and ports.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(string path, IReadOnlyDictionary<string, ComposeService> services)
    {
        Path = path;
        Services = services;
    }

    public string Path { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public static ComposeFile Load(string path)
    {
        var root = ExampleFiles.LoadMapping(path);
        var services = new Dictionary<string, ComposeService>(StringComparer.Ordinal);
        foreach (var (key, value) in ((YamlMappingNode)root.Children[new YamlScalarNode("services")]).Children)
        {
            services[((YamlScalarNode)key).Value!] = ComposeService.From((YamlMappingNode)value, System.IO.Path.GetDirectoryName(path)!);
        }

        return new ComposeFile(path, services);
    }

    /// <summary>The service built from this repository's Dockerfile, in a stack that has one.</summary>
    public (string Name, ComposeService Service) Collector() => Collectors().Single();

    /// <summary>Every service built from this repository's Dockerfile (an agent → gateway stack has two).</summary>
    public IEnumerable<(string Name, ComposeService Service)> Collectors() =>
        Services.Where(s => s.Value.Build is not null).Select(s => (s.Key, s.Value));

    /// <summary>The collector config a collector service mounts where the image reads it.</summary>
    public static string ConfigOf(ComposeService collector) => collector.Mounts.Single(m => m.Target == "/etc/minicollector/config.yaml").Source;
}
