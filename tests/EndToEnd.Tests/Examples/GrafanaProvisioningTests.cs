using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MiniCollector.EndToEnd.Tests.TestSupport;
using YamlDotNet.RepresentationModel;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// Grafana's provisioning under examples/ loads: datasources point at services of the stacks that mount them, the
/// dashboard provider reads a folder those stacks mount with dashboards in it, every dashboard panel has PromQL that
/// the real promtool parses, and every metric those queries select is one a real collector running the stacks'
/// configs exposes.
/// </summary>
public sealed partial class GrafanaProvisioningTests
{
    public static TheoryData<string> Dashboards
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var path in Directory.EnumerateFiles(ExampleFiles.ExamplesDir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(ExampleFiles.ExamplesDir, path));
            }

            return data;
        }
    }

    public static TheoryData<string> ProvisioningFiles => ExampleFiles.RelativeOfKind(ExampleKind.GrafanaProvisioning);

    [Fact]
    public void There_are_dashboards_and_provisioning_files()
    {
        Assert.NotEmpty(Dashboards);
        var provisioning = ExampleFiles.RelativeOf(ExampleFiles.OfKind(ExampleKind.GrafanaProvisioning)).ToList();
        Assert.Contains(provisioning, p => p.Contains("datasources", StringComparison.Ordinal));
        Assert.Contains(provisioning, p => p.Contains("dashboards", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ProvisioningFiles))]
    public void Provisioning_refers_to_services_and_folders_of_every_stack_that_mounts_it(string relativePath)
    {
        var path = ExampleFiles.Full(relativePath);
        var root = ExampleFiles.LoadMapping(path);
        Assert.Equal("1", ((YamlScalarNode)root.Children[new YamlScalarNode("apiVersion")]).Value);
        var stacks = StacksMounting(path).ToList();
        Assert.NotEmpty(stacks);

        foreach (var (stack, grafana) in stacks)
        {
            foreach (var datasource in Items(root, "datasources"))
            {
                var url = new Uri(Scalar(datasource, "url"));
                Assert.True(stack.Services.ContainsKey(url.Host), $"{stack.Name}: datasource {Scalar(datasource, "name")} points at {url.Host}, which is no service of the stack");
                Assert.False(string.IsNullOrEmpty(Scalar(datasource, "uid")), "dashboards refer to datasources by uid");
            }

            foreach (var provider in Items(root, "providers"))
            {
                var folder = Scalar((YamlMappingNode)provider.Children[new YamlScalarNode("options")], "path");
                var mount = grafana.Mounts.SingleOrDefault(m => m.Target == folder);
                Assert.True(mount is not null, $"{stack.Name}: the dashboard provider reads {folder}, which grafana does not mount");
                Assert.NotEmpty(Directory.EnumerateFiles(mount.Source, "*.json"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_panel_queries_a_datasource_provisioned_in_every_stack_that_mounts_the_dashboard(string relativePath)
    {
        var path = ExampleFiles.Full(relativePath);
        using var dashboard = JsonDocument.Parse(File.ReadAllText(path));
        Assert.False(string.IsNullOrEmpty(dashboard.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(dashboard.RootElement.GetProperty("uid").GetString()));
        var stacks = StacksMounting(path).ToList();
        Assert.NotEmpty(stacks);

        var panels = QueryPanels(dashboard.RootElement).ToList();
        Assert.NotEmpty(panels);
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"panel \"{title}\" has no queries");
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), $"panel \"{title}\" has an empty query"));

            var uid = panel.GetProperty("datasource").GetProperty("uid").GetString();
            foreach (var (stack, _) in stacks)
            {
                Assert.Contains(uid, ProvisionedPrometheusUids(stack));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_query_is_promql_that_promtool_parses(string relativePath)
    {
        var expressions = Expressions(ExampleFiles.Full(relativePath)).ToList();

        // promtool parses PromQL when checking rule files: one recording rule per query. Grafana's own variable
        // becomes a plain range first.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.Count; i++)
        {
            rules.Append("      - record: dashboard:query").Append(i).Append('\n')
                .Append("        expr: ").Append(JsonSerializer.Serialize(expressions[i].Replace("$__rate_interval", "1m", StringComparison.Ordinal))).Append('\n');
        }

        var file = Path.Combine(Path.GetTempPath(), $"minicollector-dashboard-{Guid.NewGuid():N}.rules.yml");
        File.WriteAllText(file, rules.ToString());
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Promtool.Path(), ["check", "rules", file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"promtool check rules exited {process.ExitCode}:\n{output}\n{rules}");
            Assert.Contains($"SUCCESS: {expressions.Count} rules found", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_metric_the_queries_select_is_exposed_by_a_collector_running_the_stacks_configs(string relativePath)
    {
        var path = ExampleFiles.Full(relativePath);
        var selected = Expressions(path).SelectMany(e => MetricSelector().Matches(e).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("otelcol_receiver_accepted_spans", selected);
        Assert.Contains("otelcol_exporter_queue_size", selected);

        var exposed = new HashSet<string>(StringComparer.Ordinal);
        var configs = StacksMounting(path).Select(s => s.Stack.Collector().Service.Mounts.Single(m => m.Target == "/etc/minicollector/config.yaml").Source).Distinct();
        foreach (var config in configs)
        {
            exposed.UnionWith(await ExposedNamesAsync(config));
        }

        var missing = selected.Where(n => !exposed.Contains(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "queried but exposed by no stack's collector: " + string.Join(", ", missing) + "\nexposed: " + string.Join(", ", exposed.Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// Sample names the real executable running <paramref name="config"/> exposes, itself and through its prometheus
    /// exporter, once an application has sent HTTP server metrics as seed 000's Optuna dashboard does. A process of its
    /// own, so that a memory_limiter in the config measures that collector and not this test host.
    /// </summary>
    private static async Task<IEnumerable<string>> ExposedNamesAsync(string config)
    {
        var args = new List<string> { "--config", config };
        foreach (var (setKey, _) in ConfigEndpoints.Of(ExampleFiles.LoadMapping(config)))
        {
            args.AddRange(["--set", setKey + "=127.0.0.1:0"]);
        }

        using var process = CollectorProcess.Start(Path.GetDirectoryName(config)!, [.. args]);
        await process.WaitForOutputAsync("Everything is ready");
        var receiver = "http://127.0.0.1:" + Regex.Match(process.Output, @"Starting HTTP server on 127\.0\.0\.1:(\d+)").Groups[1].Value;
        var exporter = Regex.Match(process.Output, @"Serving Prometheus metrics on (http://127\.0\.0\.1:\d+/metrics)").Groups[1].Value;
        var telemetry = Regex.Match(process.Output, @"Serving the collector's own metrics on (http://127\.0\.0\.1:\d+/metrics)").Groups[1].Value;

        using var http = new HttpClient();
        var posted = await http.PostAsync(receiver + "/v1/metrics", new StringContent(ApplicationMetrics, Encoding.UTF8, "application/json"));
        Assert.True(posted.IsSuccessStatusCode, $"{config}: {(int)posted.StatusCode}");

        // The posted points pass the config's batch processor in another process, which tells nothing when it sends:
        // the shared bounded wait scrapes until the histogram is served.
        const string Histogram = "http_server_duration_milliseconds_bucket";
        string exposition = string.Empty;
        await WaitUntilAsync(
            async () => (exposition = await http.GetStringAsync(exporter)).Contains(Histogram, StringComparison.Ordinal),
            () => $"{config}: {exporter} never served {Histogram}, the histogram posted to {receiver}/v1/metrics; its last scrape:\n{exposition}");

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in new[] { exposition, await http.GetStringAsync(telemetry) })
        {
            foreach (var line in text.Split('\n').Where(l => l.Length > 0 && l[0] != '#'))
            {
                names.Add(line[..line.IndexOfAny(['{', ' '])]);
            }
        }

        process.Terminate();
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return names;
    }

    // What the Python SDK's WSGI instrumentation reports for a few requests to an application (seed 000).
    private const string ApplicationMetrics = """
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"dashboard-app"}}]},
          "scopeMetrics":[{"scope":{"name":"opentelemetry.instrumentation.wsgi"},"metrics":[
            {"name":"http.server.duration","unit":"ms","histogram":{"aggregationTemporality":2,"dataPoints":[
              {"startTimeUnixNano":"1700000000000000000","timeUnixNano":"1700000009000000000","count":"4","sum":61,
               "bucketCounts":["2","1","1"],"explicitBounds":[5,25],"attributes":[{"key":"http.status_code","value":{"intValue":"200"}}]}]}},
            {"name":"http.server.active_requests","unit":"{request}","sum":{"aggregationTemporality":2,"isMonotonic":false,
             "dataPoints":[{"asInt":"2","timeUnixNano":"1700000009000000000"}]}}]}]}]}
        """;

    // Dashboards write every selector with braces (metric{...}); label matchers inside are never followed by "{".
    [GeneratedRegex(@"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex MetricSelector();

    private static IEnumerable<JsonElement> QueryPanels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() == "row")
            {
                foreach (var nested in panel.TryGetProperty("panels", out var inner) ? inner.EnumerateArray() : default)
                {
                    yield return nested;
                }
            }
            else
            {
                yield return panel;
            }
        }
    }

    private static IEnumerable<string> Expressions(string dashboardPath)
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(dashboardPath));
        return QueryPanels(dashboard.RootElement).SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
    }

    /// <summary>Compose stacks whose grafana service mounts <paramref name="path"/> or its folder, with that service.</summary>
    private static IEnumerable<(ComposeFile Stack, ComposeService Grafana)> StacksMounting(string path) =>
        from compose in ComposeFile.Stacks()
        from service in compose.Services.Values
        where service.Mounts.Any(m => m.Source == path || m.Source == Path.GetDirectoryName(path))
        select (compose, service);

    private static IEnumerable<string> ProvisionedPrometheusUids(ComposeFile stack) =>
        from service in stack.Services.Values
        from mount in service.Mounts
        where mount.Target.StartsWith("/etc/grafana/provisioning/datasources", StringComparison.Ordinal)
        from file in Directory.Exists(mount.Source) ? Directory.EnumerateFiles(mount.Source) : [mount.Source]
        from datasource in Items(ExampleFiles.LoadMapping(file), "datasources")
        where Scalar(datasource, "type") == "prometheus"
        select Scalar(datasource, "uid");

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var list) ? ((YamlSequenceNode)list).Children.Cast<YamlMappingNode>() : [];

    private static string Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlScalarNode)node).Value ?? string.Empty : string.Empty;
}
