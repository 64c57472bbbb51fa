using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry.Exporter;
using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// examples/loadbalancing: the agent's dns resolver names the gateways as each deployment publishes them (a compose
/// service with replicas; a headless Service in Kubernetes) on the port they listen on, Prometheus finds the same
/// gateways, and the two configs run as written pass a span from the agent to a gateway.
/// </summary>
public sealed class LoadBalancingExampleTests
{
    private static string Folder => ExampleFiles.Full("loadbalancing");

    [Fact]
    public void In_compose_the_agent_resolves_the_replicated_gateway_service_on_the_port_the_gateways_listen_on()
    {
        var compose = ComposeFile.Load(Path.Combine(Folder, "docker-compose.yaml"));
        var collectors = compose.Collectors().ToDictionary(c => c.Name, c => ExampleFiles.LoadMapping(ComposeFile.ConfigOf(c.Service)));
        var (agentName, agentConfig) = collectors.Single(c => Balancer(c.Value) is not null);
        var balancer = Balancer(agentConfig)!;
        var dns = Yaml.Map(Yaml.Map(balancer, "resolver"), "dns");

        Assert.Equal("traceID", Yaml.Scalar(balancer, "routing_key"));
        var hostname = Yaml.Scalar(dns, "hostname")!;
        Assert.True(collectors.ContainsKey(hostname), $"{agentName} resolves {hostname}, which is no collector service of the stack");
        Assert.True(compose.Services[hostname].Replicas >= 2, $"{hostname} should run several replicas, has {compose.Services[hostname].Replicas}");
        Assert.Equal("0.0.0.0:" + Yaml.Scalar(dns, "port"), GrpcEndpoint(collectors[hostname]));
        Assert.Contains(GrpcEndpoint(collectors[hostname]), ConfigEndpoints.Of(collectors[hostname]).Select(e => e.Endpoint));

        // Prometheus finds the same replicas by the same name, on the span metrics' port.
        var prometheus = ExampleFiles.LoadMapping(Path.Combine(Folder, "prometheus.yml"));
        var prometheusPort = ConfigEndpoints.Of(collectors[hostname]).Single(e => e.SetKey.StartsWith("exporters.prometheus", StringComparison.Ordinal)).Endpoint;
        Assert.Contains(hostname + ":" + ConfigEndpoints.Port(prometheusPort), PrometheusConfigTests.Targets(prometheus));
    }

    [Fact]
    public void In_kubernetes_the_daemonset_resolves_the_headless_service_of_the_gateway_deployment_on_its_port()
    {
        var objects = KubernetesObject.All().Where(o => o.File.StartsWith(Folder, StringComparison.Ordinal)).ToList();
        var agent = Assert.Single(objects, o => o.Kind == "DaemonSet");
        var balancer = Balancer(KubernetesManifestTests.ConfigOf(objects, agent));
        Assert.NotNull(balancer);
        Assert.Equal("traceID", Yaml.Scalar(balancer, "routing_key"));
        var dns = Yaml.Map(Yaml.Map(balancer, "resolver"), "dns");
        var hostname = Yaml.Scalar(dns, "hostname")!;
        var port = Yaml.Scalar(dns, "port")!;

        // <service>.<namespace>.svc.cluster.local of a headless Service (clusterIP: None: one address per pod).
        var service = objects.SingleOrDefault(o => o.Kind == "Service" && hostname == $"{o.Name}.{o.Namespace}.svc.cluster.local");
        Assert.True(service is not null, $"the agent resolves {hostname}, which names no Service of the manifests");
        Assert.Equal("None", Yaml.Scalar(Yaml.Map(service.Node, "spec"), "clusterIP"));
        var gateway = KubernetesManifestTests.SelectedBy(objects, service);
        Assert.True(gateway is not null && gateway.Kind == "Deployment", $"Service {service.Name} should select the gateway Deployment");

        // The Service's port is the resolver's; its target is the container port the gateway's otlp receiver listens on.
        var servicePort = Yaml.Sequence(Yaml.Map(service.Node, "spec"), "ports").Cast<YamlMappingNode>().SingleOrDefault(p => Yaml.Scalar(p, "port") == port);
        Assert.True(servicePort is not null, $"Service {service.Name} has no port {port}");
        var containerPort = KubernetesManifestTests.ContainerPort(gateway.Containers.Single(), Yaml.Scalar(servicePort, "targetPort") ?? port);
        Assert.Equal("0.0.0.0:" + containerPort, GrpcEndpoint(KubernetesManifestTests.ConfigOf(objects, gateway)));
    }

    [Fact]
    public async Task The_agent_and_gateway_configs_as_written_carry_a_span_from_the_agent_to_a_gateway()
    {
        // Everything as written except the addresses: the gateway on a loopback port, the agent's dns resolver on the
        // gateway's address (an IP resolves to itself) and port.
        await using var gateway = await ExampleCollector.StartAsync(Path.Combine(Folder, "gateway.yaml"));
        var gatewayPort = new Uri(gateway.GrpcUrl).Port;
        await using var agent = await ExampleCollector.StartAsync(
            Path.Combine(Folder, "agent.yaml"),
            "exporters.loadbalancing.resolver.dns.hostname=127.0.0.1",
            "exporters.loadbalancing.resolver.dns.port=" + gatewayPort);

        Assert.True(SdkSpanSender.Send(OtlpExportProtocol.Grpc, agent.GrpcUrl, agent.HttpUrl, string.Empty, "e2e.example." + Guid.NewGuid().ToString("N"), "GET /checkout"));

        var printed = await gateway.Logs.WaitForAsync("exporter/debug", t => t.Contains("\"spans\": 1", StringComparison.Ordinal));
        Assert.Contains("Traces {\"resource spans\": 1, \"spans\": 1}", printed);
    }

    private static YamlMappingNode? Balancer(YamlMappingNode config) => Yaml.Map(Yaml.Map(config, "exporters"), "loadbalancing");

    private static string? GrpcEndpoint(YamlMappingNode config) =>
        Yaml.Scalar(Yaml.Map(Yaml.Map(Yaml.Map(Yaml.Map(config, "receivers"), "otlp"), "protocols"), "grpc"), "endpoint");
}
