using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

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

        SendTraces(grpc, OtlpExportProtocol.Grpc, "image-grpc", spans: 3);
        SendTraces(http + "/v1/traces", OtlpExportProtocol.HttpProtobuf, "image-http", spans: 5);
        SendMetrics(grpc, OtlpExportProtocol.Grpc, "image-grpc", orders: 7);
        SendMetrics(http + "/v1/metrics", OtlpExportProtocol.HttpProtobuf, "image-http", orders: 11);

        using var client = new HttpClient();
        // Per protocol: the spans of one provider and the one data point of one counter.
        await ScrapeUntilAsync(client, telemetry + "/metrics", text =>
            text.Contains("otelcol_receiver_accepted_spans{receiver=\"otlp\",transport=\"grpc\"} 3\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_spans{receiver=\"otlp\",transport=\"http\"} 5\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_metric_points{receiver=\"otlp\",transport=\"grpc\"} 1\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_metric_points{receiver=\"otlp\",transport=\"http\"} 1\n", StringComparison.Ordinal));

        var appMetrics = await ScrapeUntilAsync(client, prometheus + "/metrics", text => text.Contains("job=\"image-http\"", StringComparison.Ordinal) && text.Contains("job=\"image-grpc\"", StringComparison.Ordinal));
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

    private static void SendTraces(string endpoint, OtlpExportProtocol protocol, string service, int spans)
    {
        var sourceName = "image.acceptance." + service;
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(endpoint);
                o.Protocol = protocol;
                o.ExportProcessorType = ExportProcessorType.Batch;
            })
            .Build();
        using var source = new ActivitySource(sourceName);
        for (int i = 0; i < spans; i++)
        {
            source.StartActivity("request-" + i, ActivityKind.Server)?.Dispose();
        }

        Assert.True(provider.Shutdown(30_000), $"{service}: the SDK could not export spans to {endpoint}");
    }

    private static void SendMetrics(string endpoint, OtlpExportProtocol protocol, string service, int orders)
    {
        var meterName = "image.acceptance." + service;
        using var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                o.Endpoint = new Uri(endpoint);
                o.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build();
        using var meter = new Meter(meterName);
        meter.CreateCounter<long>("image.acceptance.orders").Add(orders);

        // Shutdown exports once; a flush before it would send the cumulative point a second time.
        Assert.True(provider.Shutdown(30_000), $"{service}: the SDK could not export metrics to {endpoint}");
    }

    private static async Task<string> ScrapeUntilAsync(HttpClient client, string url, Func<string, bool> done)
    {
        string text = string.Empty;
        for (int i = 0; i < 300 && !done(text); i++)
        {
            await Task.Delay(100);
            text = await client.GetStringAsync(url);
        }

        Assert.True(done(text), $"{url} never showed what was sent:\n{text}");
        return text;
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
