using System.Globalization;
using System.Text.RegularExpressions;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry.Exporter;
using static MiniCollector.EndToEnd.Tests.Examples.ImageAcceptance;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// The container image's acceptance run without Docker: scripts/image-acceptance.sh publishes the NativeAOT executable the
/// way the Dockerfile does (or takes the one CI published, see <see cref="ImageScript"/>) and runs it as the image would (its config, its non-root user, its environment); meanwhile this test
/// sends traces and metrics with the OpenTelemetry .NET SDK over gRPC and over HTTP, finds the metrics on the
/// prometheus exporter and the per-transport counts on the self-metrics, asks health_check, and after SIGTERM expects
/// exit code 0. The image's fixed ports are moved to ports the OS picks (other tests use 4318 and 8889).
/// </summary>
public sealed partial class ImageAcceptanceTests
{
    // The SDK's source, meter and counter names: the counter is served as image_acceptance_orders_total.
    private const string Scope = "image.acceptance";

    [Fact]
    public async Task The_collector_published_and_run_as_the_image_does_takes_sdk_telemetry_over_both_protocols_and_stops_cleanly()
    {
        using var script = ImageScript.Start(
            "--set", "receivers.otlp.protocols.grpc.endpoint=0.0.0.0:0",
            "--set", "receivers.otlp.protocols.http.endpoint=0.0.0.0:0",
            "--set", "exporters.prometheus.endpoint=0.0.0.0:0",
            "--set", "extensions.health_check.endpoint=0.0.0.0:0",
            "--set", "service.telemetry.metrics.address=0.0.0.0:0");

        // Publishing from a clean copy of the sources takes minutes on a small machine; this bounds a hang, nothing more.
        var ready = await script.WaitForLineAsync("image-acceptance: ready ", TimeSpan.FromMinutes(20));
        var output = script.Output;
        Assert.Matches(@"image-acceptance: minicollector \S+ \(NativeAOT\), \d+ bytes, links ", output);
        if (CollectorProcess.Executable is { } executable)
        {
            Assert.Contains("image-acceptance: using the executable published in " + Path.GetDirectoryName(executable), output);
        }

        int pid = int.Parse(ReadyField().Match(ready).Groups["pid"].Value, CultureInfo.InvariantCulture);
        var grpc = "http://127.0.0.1:" + Port(output, @"Starting GRPC server on 0\.0\.0\.0:(\d+)");
        var http = "http://127.0.0.1:" + Port(output, @"Starting HTTP server on 0\.0\.0\.0:(\d+)");
        var prometheus = "http://127.0.0.1:" + Port(output, @"Serving Prometheus metrics on http://0\.0\.0\.0:(\d+)/");
        var telemetry = "http://127.0.0.1:" + Port(output, @"Serving the collector's own metrics on http://0\.0\.0\.0:(\d+)/");
        var health = "http://127.0.0.1:" + Port(output, @"Serving health check on http://0\.0\.0\.0:(\d+)/");

        // Not root: as the image's user (1654) when the tests run as root, as the invoking user otherwise.
        var uids = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.All(uids, uid => Assert.NotEqual("0", uid));
        if (Environment.UserName == "root")
        {
            Assert.Equal("1654", uids[0]);
        }

        SendTraces(Target(grpc, OtlpExportProtocol.Grpc, OtlpExportCompression.None, "/v1/traces"), Scope, "image-grpc", spans: 3);
        SendTraces(Target(http, OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.None, "/v1/traces"), Scope, "image-http", spans: 5);
        SendMetrics(Target(grpc, OtlpExportProtocol.Grpc, OtlpExportCompression.None, "/v1/metrics"), Scope, "image-grpc", orders: 7);
        SendMetrics(Target(http, OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.None, "/v1/metrics"), Scope, "image-http", orders: 11);

        using var client = new HttpClient();
        // Per protocol: the spans of one provider and the one data point of one counter.
        await ScrapeUntilAsync(client, telemetry + "/metrics", "per protocol 3 (gRPC) and 5 (HTTP) accepted spans, 1 and 1 metric points", text =>
            text.Contains("otelcol_receiver_accepted_spans{receiver=\"otlp\",transport=\"grpc\"} 3\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_spans{receiver=\"otlp\",transport=\"http\"} 5\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_metric_points{receiver=\"otlp\",transport=\"grpc\"} 1\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_metric_points{receiver=\"otlp\",transport=\"http\"} 1\n", StringComparison.Ordinal));

        var appMetrics = await ScrapeUntilAsync(client, prometheus + "/metrics", "a series of each job: image-grpc, image-http", text => text.Contains("job=\"image-http\"", StringComparison.Ordinal) && text.Contains("job=\"image-grpc\"", StringComparison.Ordinal));
        Assert.Matches(@"image_acceptance_orders_total\{[^}]*job=""image-grpc""[^}]*\} 7\n", appMetrics);
        Assert.Matches(@"image_acceptance_orders_total\{[^}]*job=""image-http""[^}]*\} 11\n", appMetrics);
        Promtool.AssertParses(appMetrics);

        var healthy = await client.GetAsync(health + "/");
        Assert.Equal(200, (int)healthy.StatusCode);
        Assert.Contains("Server available", await healthy.Content.ReadAsStringAsync());

        int code = await script.StopAsync(TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"image-acceptance.sh exited {code}:\n{script.Output}");
        Assert.Contains("image-acceptance: collector exited with 0", script.Output);
        Assert.Contains("Shutdown complete.", script.Output);
        Assert.Contains("image-acceptance: PASS", script.Output);
    }

    private static string Port(string output, string pattern)
    {
        var match = Regex.Match(output, pattern);
        Assert.True(match.Success, $"no line matching {pattern} in:\n{output}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"pid=(?<pid>\d+)")]
    private static partial Regex ReadyField();
}
