using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// The parts of a Docker Compose stack the example tests check: services, their bind mounts, builds and ports. A stack is
/// one compose file, or one with the override files docker-compose is given after it, merged as it merges them.
/// </summary>
internal sealed partial class ComposeFile
{
    /// <summary>What the stack's default network sets as the host address of published ports that name none.</summary>
    private const string HostBindingOption = "com.docker.network.bridge.host_binding_ipv4";

    private const string StackSeparator = " + ";

    private ComposeFile(IReadOnlyList<string> files, IReadOnlyDictionary<string, ComposeService> services, string? defaultHostAddress)
    {
        Files = files;
        Services = services;
        DefaultHostAddress = defaultHostAddress;
    }

    /// <summary>The first file: the one whose folder relative paths resolve from, in every file of the stack.</summary>
    public string Path => Files[0];

    public IReadOnlyList<string> Files { get; }

    /// <summary>The files under examples/, as <c>docker-compose -f</c> takes them (also a theory's readable name).</summary>
    public string Name => string.Join(StackSeparator, ExampleFiles.RelativeOf(Files));

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    /// <summary>The host address the default network binds published ports to (null: every interface, the engine's default).</summary>
    public string? DefaultHostAddress { get; }

    /// <summary><paramref name="path"/> as docker-compose runs it with <paramref name="overrides"/> after it.</summary>
    public static ComposeFile Load(string path, params string[] overrides)
    {
        var root = ExampleFiles.LoadMapping(path);
        foreach (var file in overrides)
        {
            root = ComposeMerge.Files(root, ExampleFiles.LoadMapping(file));
        }

        var directory = System.IO.Path.GetDirectoryName(path)!;
        var services = new Dictionary<string, ComposeService>(StringComparer.Ordinal);
        foreach (var (key, value) in ((YamlMappingNode)root.Children[new YamlScalarNode("services")]).Children)
        {
            services[((YamlScalarNode)key).Value!] = ComposeService.From((YamlMappingNode)value, directory);
        }

        var hostAddress = Yaml.Scalar(Yaml.Map(Yaml.Map(Yaml.Map(root, "networks"), "default"), "driver_opts"), HostBindingOption);
        return new ComposeFile([path, .. overrides], services, hostAddress);
    }

    /// <summary>A stack by its <see cref="Name"/>.</summary>
    public static ComposeFile LoadStack(string name)
    {
        var files = name.Split(StackSeparator).Select(ExampleFiles.Full).ToArray();
        return Load(files[0], files[1..]);
    }

    /// <summary>Every stack under examples/: each compose file alone, and each with each of its overrides.</summary>
    public static IEnumerable<ComposeFile> Stacks()
    {
        var overrides = ExampleFiles.OfKind(ExampleKind.ComposeOverride).ToList();
        foreach (var path in ExampleFiles.OfKind(ExampleKind.Compose))
        {
            yield return Load(path);
            foreach (var file in overrides.Where(o => BaseOf(o) == path))
            {
                yield return Load(path, file);
            }
        }
    }

    /// <summary><see cref="Stacks"/> by name, as xunit theory data.</summary>
    public static TheoryData<string> StackNames()
    {
        var data = new TheoryData<string>();
        foreach (var stack in Stacks())
        {
            data.Add(stack.Name);
        }

        return data;
    }

    /// <summary>The compose file an override named <c>docker-compose.NAME.yaml</c> overrides, beside it; null for any other file.</summary>
    public static string? BaseOf(string path)
    {
        var match = OverrideName().Match(System.IO.Path.GetFileName(path));
        var basePath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "docker-compose." + match.Groups["extension"].Value);
        return match.Success && File.Exists(basePath) ? basePath : null;
    }

    /// <summary>Where the engine binds <paramref name="port"/> on the host.</summary>
    public string HostAddressOf(ComposePort port) => port.HostAddress ?? DefaultHostAddress ?? "0.0.0.0";

    /// <summary>The service built from this repository's Dockerfile, in a stack that has one.</summary>
    public (string Name, ComposeService Service) Collector() => Collectors().Single();

    /// <summary>Every service built from this repository's Dockerfile (an agent → gateway stack has two).</summary>
    public IEnumerable<(string Name, ComposeService Service)> Collectors() =>
        Services.Where(s => s.Value.Build?.Dockerfile == System.IO.Path.Combine(ExampleFiles.RepoRoot, "Dockerfile")).Select(s => (s.Key, s.Value));

    /// <summary>The collector config a collector service mounts where the image reads it.</summary>
    public static string ConfigOf(ComposeService collector) => collector.Mounts.Single(m => m.Target == "/etc/minicollector/config.yaml").Source;

    [GeneratedRegex(@"^docker-compose\.[^.]+\.(?<extension>ya?ml)$")]
    private static partial Regex OverrideName();
}
