using MiniCollector.EndToEnd.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// The Kubernetes manifests under examples/ without a cluster: every document parses and names its kind, name and a
/// namespace the manifests create; every collector config a ConfigMap carries passes the real executable's
/// <c>validate</c>; every workload mounts a ConfigMap that exists where its <c>--config</c> points, declares only
/// ports its config listens on, and sizes its containers; every Service selects a workload and targets its ports.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string ConfigMountPath = "/etc/minicollector";

    private static readonly string[] Workloads = ["Deployment", "DaemonSet", "StatefulSet"];

    public static TheoryData<string, string> ConfigMapConfigs
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var map in KubernetesObject.All().Where(o => o.Kind == "ConfigMap"))
            {
                foreach (var key in map.Data.Keys)
                {
                    data.Add(ExampleFiles.RelativeOf([map.File]).Single(), map.Name + "/" + key);
                }
            }

            return data;
        }
    }

    [Fact]
    public void There_are_kubernetes_examples_with_a_daemonset_a_deployment_and_a_headless_service()
    {
        var objects = KubernetesObject.All();

        Assert.Contains(Path.Combine("loadbalancing", "k8s", "agent.yaml"), ExampleFiles.RelativeOf(ExampleFiles.OfKind(ExampleKind.Kubernetes)));
        Assert.Contains(objects, o => o.Kind == "DaemonSet");
        Assert.Contains(objects, o => o.Kind == "Deployment");
        Assert.Contains(objects, o => o.Kind == "Service" && Yaml.Scalar(Yaml.Map(o.Node, "spec"), "clusterIP") == "None");
    }

    [Fact]
    public void Every_object_has_an_api_version_a_kind_a_name_and_a_namespace_the_manifests_create()
    {
        var objects = KubernetesObject.All();
        var namespaces = objects.Where(o => o.Kind == "Namespace").Select(o => o.Name).ToHashSet();

        Assert.NotEmpty(objects);
        foreach (var o in objects)
        {
            var where = $"{ExampleFiles.RelativeOf([o.File]).Single()}: {o.Kind} {o.Name}";
            Assert.False(string.IsNullOrEmpty(Yaml.Scalar(o.Node, "apiVersion")), where + " has no apiVersion");
            Assert.False(string.IsNullOrEmpty(o.Kind), where + " has no kind");
            Assert.False(string.IsNullOrEmpty(o.Name), where + " has no metadata.name");
            if (o.Kind != "Namespace")
            {
                Assert.True(o.Namespace is not null && namespaces.Contains(o.Namespace), $"{where}: namespace {o.Namespace ?? "(none)"} is not one the manifests create ({string.Join(", ", namespaces)})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConfigMapConfigs))]
    public async Task The_collector_config_in_the_config_map_passes_validate(string file, string mapAndKey)
    {
        var (name, key) = (mapAndKey.Split('/')[0], mapAndKey.Split('/')[1]);
        var map = KubernetesObject.All().Single(o => o.Kind == "ConfigMap" && o.Name == name && ExampleFiles.RelativeOf([o.File]).Single() == file);
        var directory = Directory.CreateTempSubdirectory("mc-k8s-example-");
        try
        {
            var path = Path.Combine(directory.FullName, key);
            await File.WriteAllTextAsync(path, map.Data[key]);
            Assert.Equal(ExampleKind.CollectorConfig, ExampleFiles.KindOf(path));

            var (code, output) = await CollectorProcess.RunAsync(directory.FullName, "validate", "--config", path);

            Assert.True(code == 0, $"validate exited {code}:\n{output}");
            Assert.Contains("config is valid", output);
            Assert.DoesNotContain("notice:", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_workload_runs_a_config_map_config_where_its_arguments_point_and_declares_only_ports_it_listens_on()
    {
        var objects = KubernetesObject.All();
        var workloads = objects.Where(o => Workloads.Contains(o.Kind)).ToList();

        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var container = Assert.Single(workload.Containers);
            var where = $"{workload.Kind} {workload.Name}";
            var config = ConfigOf(objects, workload);

            Assert.StartsWith("minicollector:", Yaml.Scalar(container, "image"), StringComparison.Ordinal);
            var listening = ConfigEndpoints.Of(config).Select(e => e.Endpoint).ToList();
            foreach (YamlMappingNode port in Yaml.Sequence(container, "ports"))
            {
                var number = int.Parse(Yaml.Scalar(port, "containerPort")!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(
                    listening.Any(e => ConfigEndpoints.Port(e) == number && ConfigEndpoints.Host(e) == "0.0.0.0"),
                    $"{where}: declares port {number}, but its config listens on {string.Join(", ", listening)}");
            }

            // Both probes ask health_check, on a port the container declares.
            foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
            {
                var port = Yaml.Scalar(Yaml.Map(Yaml.Map(container, probe), "httpGet"), "port");
                Assert.True(port is not null && ContainerPort(container, port) is { } number && ConfigEndpoints.Of(config).Any(e => e.SetKey.StartsWith("extensions.health_check", StringComparison.Ordinal) && ConfigEndpoints.Port(e.Endpoint) == number), $"{where}: {probe} should ask health_check");
            }
        }
    }

    [Fact]
    public void Every_container_has_cpu_and_memory_requests_and_a_memory_limit()
    {
        foreach (var workload in KubernetesObject.All().Where(o => Workloads.Contains(o.Kind)))
        {
            foreach (var container in workload.Containers)
            {
                var resources = Yaml.Map(container, "resources");
                Assert.NotNull(Yaml.Scalar(Yaml.Map(resources, "requests"), "cpu"));
                Assert.NotNull(Yaml.Scalar(Yaml.Map(resources, "requests"), "memory"));
                Assert.NotNull(Yaml.Scalar(Yaml.Map(resources, "limits"), "memory"));
            }
        }
    }

    [Fact]
    public void Every_service_selects_a_workload_of_its_namespace_and_targets_ports_it_declares()
    {
        var objects = KubernetesObject.All();
        var services = objects.Where(o => o.Kind == "Service").ToList();

        Assert.NotEmpty(services);
        foreach (var service in services)
        {
            var workload = SelectedBy(objects, service);
            Assert.True(workload is not null, $"Service {service.Name} selects no workload of namespace {service.Namespace}");
            var container = workload.Containers.Single();
            foreach (YamlMappingNode port in Yaml.Sequence(Yaml.Map(service.Node, "spec"), "ports"))
            {
                var target = Yaml.Scalar(port, "targetPort") ?? Yaml.Scalar(port, "port")!;
                Assert.True(ContainerPort(container, target) is not null, $"Service {service.Name}: targetPort {target} is not a port of {workload.Kind} {workload.Name}");
            }
        }
    }

    /// <summary>The workload a Service's selector matches (same namespace, every selector label on its pods).</summary>
    internal static KubernetesObject? SelectedBy(IReadOnlyList<KubernetesObject> objects, KubernetesObject service)
    {
        var selector = Yaml.Map(Yaml.Map(service.Node, "spec"), "selector");
        if (selector is null)
        {
            return null;
        }

        return objects.FirstOrDefault(o =>
            Workloads.Contains(o.Kind) && o.Namespace == service.Namespace && o.PodLabels is { } labels
            && selector.Children.All(s => labels.Children.TryGetValue(s.Key, out var value) && ((YamlScalarNode)value).Value == ((YamlScalarNode)s.Value).Value));
    }

    /// <summary>A container's port by name or number, as its number; null when it declares no such port.</summary>
    internal static int? ContainerPort(YamlMappingNode container, string nameOrNumber)
    {
        foreach (YamlMappingNode port in Yaml.Sequence(container, "ports"))
        {
            var number = Yaml.Scalar(port, "containerPort")!;
            if (Yaml.Scalar(port, "name") == nameOrNumber || number == nameOrNumber)
            {
                return int.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>
    /// The collector config a workload runs: its container's <c>--config</c> names a file in a volume mounted from a
    /// ConfigMap of the same namespace, which must hold that file as a key.
    /// </summary>
    internal static YamlMappingNode ConfigOf(IReadOnlyList<KubernetesObject> objects, KubernetesObject workload)
    {
        var container = workload.Containers.Single();
        var where = $"{workload.Kind} {workload.Name}";
        var args = Yaml.Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value!).ToList();
        int at = args.IndexOf("--config");
        Assert.True(at >= 0 && at + 1 < args.Count, $"{where}: its args name no --config");
        var configPath = args[at + 1];

        var mount = Yaml.Sequence(container, "volumeMounts").Cast<YamlMappingNode>().SingleOrDefault(m => Yaml.Scalar(m, "mountPath") == Path.GetDirectoryName(configPath));
        Assert.True(mount is not null, $"{where}: nothing is mounted at {Path.GetDirectoryName(configPath)}, where --config {configPath} points");
        Assert.Equal(ConfigMountPath, Yaml.Scalar(mount, "mountPath"));
        var volume = Yaml.Sequence(workload.PodSpec, "volumes").Cast<YamlMappingNode>().Single(v => Yaml.Scalar(v, "name") == Yaml.Scalar(mount, "name"));
        var mapName = Yaml.Scalar(Yaml.Map(volume, "configMap"), "name");
        var map = objects.SingleOrDefault(o => o.Kind == "ConfigMap" && o.Name == mapName && o.Namespace == workload.Namespace);
        Assert.True(map is not null, $"{where}: mounts ConfigMap {mapName}, which namespace {workload.Namespace} does not have");
        Assert.True(map.Data.TryGetValue(Path.GetFileName(configPath), out var text), $"{where}: ConfigMap {mapName} has no key {Path.GetFileName(configPath)}");
        return Yaml.Parse(text);
    }
}
