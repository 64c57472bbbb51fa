using System.Text.Json;
using System.Text.RegularExpressions;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// The compose overrides under examples/ change only services of the stack they override, and the local one
/// (compose/docker-compose.local.yaml, which scripts/container-acceptance.sh runs with Debian's docker-compose) makes
/// seed 000's stack one that needs no registry: the services it starts have local images and depend only on each
/// other, publish on 127.0.0.1 only, Prometheus scrapes only them by their service names, its image from Debian's
/// package reads the config where the stack mounts it, and the images are the ones the script builds.
/// </summary>
public sealed partial class ComposeOverrideTests
{
    private static readonly string BaseFile = ExampleFiles.Full(Path.Combine("compose", "docker-compose.yaml"));
    private static readonly string LocalOverride = ExampleFiles.Full(Path.Combine("compose", "docker-compose.local.yaml"));
    private static readonly string ContainerScript = File.ReadAllText(Path.Combine(ExampleFiles.RepoRoot, "scripts", "container-acceptance.sh"));

    public static TheoryData<string> Overrides => ExampleFiles.RelativeOfKind(ExampleKind.ComposeOverride);

    private static ComposeFile LocalStack => ComposeFile.Load(BaseFile, LocalOverride);

    /// <summary>The services the override changes: the ones the local stack starts (Grafana and telemetrygen have no local image).</summary>
    private static IReadOnlyList<string> LocalServices => [.. ComposeFile.Load(LocalOverride).Services.Keys];

    [Fact]
    public void Seed_000s_stack_has_a_local_override_for_machines_without_a_registry()
    {
        Assert.Contains(Path.Combine("compose", "docker-compose.local.yaml"), Overrides);
        Assert.Equal(BaseFile, ComposeFile.BaseOf(LocalOverride));
        Assert.Equal(["minicollector", "prometheus"], LocalServices.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Overrides))]
    public void Every_service_an_override_names_is_a_service_of_the_stack_it_overrides(string relativePath)
    {
        var path = ExampleFiles.Full(relativePath);
        var stack = ComposeFile.Load(ComposeFile.BaseOf(path)!);

        // A misspelt service would not override anything: it would be a new service with half a definition.
        foreach (var name in ComposeFile.Load(path).Services.Keys)
        {
            Assert.True(stack.Services.ContainsKey(name), $"{relativePath} names {name}, which is no service of {stack.Name}");
        }
    }

    [Fact]
    public void The_local_stack_starts_services_with_local_images_that_depend_only_on_each_other()
    {
        var upstream = ComposeFile.Load(BaseFile);
        var local = LocalStack;

        foreach (var name in LocalServices)
        {
            Assert.NotEqual(upstream.Services[name].Image, local.Services[name].Image);
            Assert.All(local.Services[name].DependsOn, d => Assert.Contains(d, LocalServices));
        }

        // The script starts exactly these, and never builds them through compose while starting them.
        var up = ComposeUp().Match(ContainerScript);
        Assert.True(up.Success, "container-acceptance.sh has no `compose up -d --no-build SERVICES`");
        Assert.Equal(LocalServices.Order(StringComparer.Ordinal), up.Groups["services"].Value.Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_local_stack_publishes_every_port_of_its_services_on_127_0_0_1_only()
    {
        var upstream = ComposeFile.Load(BaseFile);
        var local = LocalStack;

        var ports = LocalServices.SelectMany(s => local.Services[s].Ports.Select(p => (Service: s, Port: p))).ToList();
        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.True(local.HostAddressOf(p.Port) == "127.0.0.1", $"{p.Service}: {p.Port} binds {local.HostAddressOf(p.Port)}"));

        // What users get from docker-compose.yaml alone: every interface, as its README says.
        Assert.All(LocalServices.SelectMany(s => upstream.Services[s].Ports), p => Assert.Equal("0.0.0.0", upstream.HostAddressOf(p)));
    }

    [Fact]
    public void Prometheus_in_the_local_stack_scrapes_only_services_it_starts_by_their_service_names()
    {
        var local = LocalStack;
        var config = LocalServices.SelectMany(s => local.Services[s].Mounts).Single(m => ExampleFiles.KindOf(m.Source) == ExampleKind.PrometheusConfig);
        var targets = PrometheusConfigTests.Targets(ExampleFiles.LoadMapping(config.Source)).ToList();

        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.Contains(ConfigEndpoints.Host(t), LocalServices));

        // Both of the collector's endpoints: the applications' metrics and its own (the script asks for each job by these).
        Assert.Contains("minicollector:8889", targets);
        Assert.Contains("minicollector:8888", targets);
        Assert.Contains("\"minicollector http://minicollector:8888/metrics up\"", ContainerScript, StringComparison.Ordinal);
        Assert.Contains("\"minicollector-exporter http://minicollector:8889/metrics up\"", ContainerScript, StringComparison.Ordinal);
    }

    [Fact]
    public void The_local_prometheus_image_is_debians_package_reading_the_config_where_the_stack_mounts_it()
    {
        var prometheus = LocalStack.Services["prometheus"];
        Assert.NotNull(prometheus.Build);
        var image = Dockerfile.Load(prometheus.Build.Dockerfile);
        var stage = Assert.Single(image.Stages);

        // Built on the base the override passes; every build argument it passes is one the Dockerfile declares.
        Assert.Equal("${BASE_IMAGE}", Dockerfile.All("FROM", stage).Single());
        Assert.All(prometheus.Build.Args.Keys, a => Assert.Contains(a, image.GlobalArgs.Keys));
        Assert.Contains("BASE_IMAGE", prometheus.Build.Args.Keys);
        Assert.Contains(Dockerfile.All("RUN", stage), r => r.Contains("apt-get install -y --no-install-recommends prometheus", StringComparison.Ordinal));

        // prom/prometheus's contract with the stack: the config at the mounted path, the published port, not root.
        var command = JsonSerializer.Deserialize<string[]>(Dockerfile.All("CMD", stage).Single())!;
        var configFile = command.Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        var mount = Assert.Single(prometheus.Mounts, m => m.Target == configFile);
        Assert.Equal(ExampleKind.PrometheusConfig, ExampleFiles.KindOf(mount.Source));
        var exposed = Dockerfile.All("EXPOSE", stage).SelectMany(e => e.Split(' ')).Select(int.Parse).ToList();
        Assert.All(prometheus.Ports, p => Assert.Contains(p.Container, exposed));
        Assert.DoesNotContain(Dockerfile.All("USER", stage).Single(), new[] { "root", "0" });
    }

    [Fact]
    public void The_local_images_are_the_ones_the_container_script_builds()
    {
        var local = LocalStack;

        // The script checks the same at run time, from `docker-compose config`; this says so before any engine runs.
        Assert.Equal(ScriptValue("image"), local.Services["minicollector"].Image);
        Assert.Equal(ScriptValue("base_image").Replace("$suite", ScriptValue("suite"), StringComparison.Ordinal), local.Services["prometheus"].Build!.Args["BASE_IMAGE"]);
    }

    private static string ScriptValue(string name)
    {
        var match = Regex.Match(ContainerScript, "^" + name + "=\"([^\"]+)\"$", RegexOptions.Multiline);
        Assert.True(match.Success, $"container-acceptance.sh sets no {name}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"compose up -d --no-build (?<services>[a-z][a-z0-9 -]*[a-z0-9]) >")]
    private static partial Regex ComposeUp();
}
