using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// The Prometheus configs under examples/ pass the real <c>promtool check config</c>, and in every compose stack that
/// mounts one, each scrape target is a service of that stack on a port it listens on.
/// </summary>
public sealed class PrometheusConfigTests
{
    public static TheoryData<string> PrometheusConfigs => ExampleFiles.RelativeOfKind(ExampleKind.PrometheusConfig);

    [Fact]
    public void There_are_prometheus_configs()
    {
        Assert.NotEmpty(PrometheusConfigs);
    }

    [Theory]
    [MemberData(nameof(PrometheusConfigs))]
    public async Task Promtool_check_config_accepts_it(string relativePath)
    {
        var path = ExampleFiles.Full(relativePath);
        var start = new ProcessStartInfo(Promtool.Path(), ["check", "config", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // 0 is clean; promtool answers 3 for lint advice and 1 for errors, and neither is acceptable in an example.
        Assert.True(process.ExitCode == 0, $"promtool check config exited {process.ExitCode}:\n{output}");
        Assert.Contains("SUCCESS", output);
    }

    [Theory]
    [MemberData(nameof(PrometheusConfigs))]
    public void Every_scrape_target_is_a_service_of_each_stack_that_mounts_it_on_a_port_it_listens_on(string relativePath)
    {
        var path = ExampleFiles.Full(relativePath);
        var targets = Targets(ExampleFiles.LoadMapping(path)).ToList();
        var stacks = ComposeFile.Stacks()
            .Where(c => c.Services.Values.Any(s => s.Mounts.Any(m => m.Source == path)))
            .ToList();

        Assert.NotEmpty(targets);
        Assert.NotEmpty(stacks);
        foreach (var stack in stacks)
        {
            var collectors = stack.Collectors().ToDictionary(c => c.Name, c => ConfigEndpoints.Of(ExampleFiles.LoadMapping(ComposeFile.ConfigOf(c.Service))).Select(e => e.Endpoint).ToList());
            foreach (var target in targets)
            {
                var host = ConfigEndpoints.Host(target);
                Assert.True(stack.Services.ContainsKey(host), $"{stack.Name}: {target} names no service of the stack");
                if (collectors.TryGetValue(host, out var listening))
                {
                    Assert.True(
                        listening.Any(e => ConfigEndpoints.Port(e) == ConfigEndpoints.Port(target) && ConfigEndpoints.Host(e) == "0.0.0.0"),
                        $"{stack.Name}: Prometheus scrapes {target}, but {host} listens on {string.Join(", ", listening)}");
                }
            }
        }
    }

    /// <summary>Every target as <c>host:port</c>: static targets, and each name a DNS discovery looks up with its port.</summary>
    internal static IEnumerable<string> Targets(YamlMappingNode root)
    {
        foreach (YamlMappingNode job in (YamlSequenceNode)root.Children[new YamlScalarNode("scrape_configs")])
        {
            foreach (var config in Configs(job, "static_configs"))
            {
                foreach (YamlScalarNode target in (YamlSequenceNode)config.Children[new YamlScalarNode("targets")])
                {
                    yield return target.Value!;
                }
            }

            foreach (var config in Configs(job, "dns_sd_configs"))
            {
                var port = ((YamlScalarNode)config.Children[new YamlScalarNode("port")]).Value;
                foreach (YamlScalarNode name in (YamlSequenceNode)config.Children[new YamlScalarNode("names")])
                {
                    yield return name.Value + ":" + port;
                }
            }
        }
    }

    private static IEnumerable<YamlMappingNode> Configs(YamlMappingNode job, string key) =>
        job.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlSequenceNode)node).Children.Cast<YamlMappingNode>() : [];
}
