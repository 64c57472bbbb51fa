using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// The compose stacks under examples/ (each compose file, alone and with each of its overrides) refer only to things
/// that exist and agree with each other: bind-mounted files, the repository's Dockerfile, the collector config mounted
/// where the image reads it, files that config names inside the container, and published ports the config really
/// listens on.
/// </summary>
public sealed class ComposeFileTests
{
    private const string ImageConfigPath = "/etc/minicollector/config.yaml";

    public static TheoryData<string> Stacks => ComposeFile.StackNames();

    [Fact]
    public void There_are_compose_examples()
    {
        Assert.Contains(Path.Combine("compose", "docker-compose.yaml"), ExampleFiles.RelativeOf(ExampleFiles.OfKind(ExampleKind.Compose)));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_bind_mount_source_exists_and_is_read_only(string stack)
    {
        var compose = ComposeFile.LoadStack(stack);

        foreach (var (name, service) in compose.Services)
        {
            foreach (var mount in service.Mounts)
            {
                Assert.True(File.Exists(mount.Source) || Directory.Exists(mount.Source), $"{name}: {mount.Source} (mounted at {mount.Target}) does not exist");
                Assert.True(mount.ReadOnly, $"{name}: {mount.Target} should be mounted :ro (configuration only)");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_collector_is_built_from_the_repository_dockerfile_with_an_example_config_where_the_image_reads_it(string stack)
    {
        var compose = ComposeFile.LoadStack(stack);

        Assert.NotEmpty(compose.Collectors());
        foreach (var (name, collector) in compose.Collectors())
        {
            Assert.Equal(ExampleFiles.RepoRoot, collector.Build!.Context);
            Assert.True(File.Exists(collector.Build.Dockerfile), collector.Build.Dockerfile);
            var config = Assert.Single(collector.Mounts, m => m.Target == ImageConfigPath);
            Assert.Equal(ExampleKind.CollectorConfig, ExampleFiles.KindOf(config.Source));

            // A path the config names inside the container (an htpasswd file, certificates) must be mounted there.
            foreach (var path in ScalarValues(ExampleFiles.LoadMapping(config.Source)).Where(v => v.StartsWith("/etc/minicollector/", StringComparison.Ordinal)))
            {
                Assert.True(collector.Mounts.Any(m => m.Target == path), $"{name}: the config reads {path}, which the compose file does not mount");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_published_collector_port_is_one_the_config_listens_on_for_every_interface(string stack)
    {
        var compose = ComposeFile.LoadStack(stack);

        // Applications must reach some collector from the host; a tier behind it (gateways) may publish nothing.
        Assert.Contains(compose.Collectors(), c => c.Service.Ports.Count > 0);
        foreach (var (name, collector) in compose.Collectors())
        {
            var listening = ConfigEndpoints.Of(ExampleFiles.LoadMapping(ComposeFile.ConfigOf(collector))).Select(e => e.Endpoint).ToList();
            foreach (var port in collector.Ports)
            {
                var endpoint = listening.SingleOrDefault(e => ConfigEndpoints.Port(e) == port.Container);
                Assert.True(endpoint is not null, $"{name}: port {port.Container} is published but the config does not listen on it (it listens on {string.Join(", ", listening)})");
                Assert.Equal("0.0.0.0", ConfigEndpoints.Host(endpoint));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void A_service_with_several_replicas_publishes_no_fixed_host_port(string stack)
    {
        var compose = ComposeFile.LoadStack(stack);

        // Replicas cannot all bind one host port: `up` would start the first and fail the others.
        foreach (var (name, service) in compose.Services.Where(s => s.Value.Replicas > 1))
        {
            Assert.True(service.Ports.Count == 0, $"{name}: {service.Replicas} replicas publish host ports {string.Join(", ", service.Ports.Select(p => p.Host))}");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Other_services_use_pinned_images_or_a_dockerfile_that_exists(string stack)
    {
        var compose = ComposeFile.LoadStack(stack);

        var collectors = compose.Collectors().Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, service) in compose.Services.Where(s => !collectors.Contains(s.Key)))
        {
            // Built here (an override's stand-in for a registry image): from a Dockerfile of its own.
            Assert.True(service.Build is null || File.Exists(service.Build.Dockerfile), $"{name}: {service.Build?.Dockerfile} does not exist");
            Assert.NotNull(service.Image);
            var tag = service.Image![(service.Image.LastIndexOf('/') + 1)..].Split(':').ElementAtOrDefault(1);
            Assert.True(tag is not null && tag != "latest", $"{name}: image {service.Image} should name a version");
        }
    }

    private static IEnumerable<string> ScalarValues(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlMappingNode map => map.Children.Values.SelectMany(ScalarValues),
        YamlSequenceNode sequence => sequence.Children.SelectMany(ScalarValues),
        _ => [],
    };
}
