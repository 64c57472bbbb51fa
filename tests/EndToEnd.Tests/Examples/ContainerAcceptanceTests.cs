using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using Xunit.Abstractions;
using static MiniCollector.EndToEnd.Tests.Examples.ImageAcceptance;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// The image on a real Docker engine: scripts/container-acceptance.sh --hold builds the Dockerfile's shipped stage, runs
/// its own checks (healthy, uid 1654, read-only, 64m, docker stop, a user config, validate) and hands over a running
/// container with its ports published on 127.0.0.1. The OpenTelemetry .NET SDK sends traces, metrics and logs to it over
/// gRPC and HTTP/protobuf, each plain and gzip; the self-metrics on :8888 count them per transport, the prometheus
/// exporter on :8889 serves the series, and after `docker stop` (exit 0) the container's log shows the debug exporter
/// printed every span and log record. The script's compose stage (seed 000's stack with Prometheus scraping the
/// collector by service name) runs before the hand-over, and its result is asserted here too. Runs in .ci/run's
/// container step (<see cref="ContainerFactAttribute"/>).
/// </summary>
public sealed partial class ContainerAcceptanceTests(ITestOutputHelper output)
{
    // The SDK's source, meter and counter names: the counter is served as container_acceptance_orders_total.
    private const string Scope = "container.acceptance";

    private static readonly (OtlpExportProtocol Protocol, OtlpExportCompression Compression, string Job, int Count)[] Senders =
    [
        (OtlpExportProtocol.Grpc, OtlpExportCompression.None, "container-grpc", 3),
        (OtlpExportProtocol.Grpc, OtlpExportCompression.GZip, "container-grpc-gzip", 4),
        (OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.None, "container-http", 5),
        (OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.GZip, "container-http-gzip", 6),
    ];

    [ContainerFact]
    public async Task The_image_on_a_real_engine_takes_sdk_traces_metrics_and_logs_over_grpc_and_http_and_serves_the_series()
    {
        using var script = ContainerScript.Start();
        try
        {
            await Exercise(script);
        }
        finally
        {
            output.WriteLine(script.Output);
        }
    }

    private static async Task Exercise(ScriptProcess script)
    {
        // A clean machine installs docker.io, runs debootstrap and publishes: minutes. This bounds a hang, nothing more.
        var ready = await script.WaitForLineAsync("container-acceptance: ready ", TimeSpan.FromMinutes(40));
        Assert.Contains("container-acceptance: plain: healthy (HEALTHCHECK), uid 1654", script.Output);
        Assert.Contains("container-acceptance: locked: --read-only --tmpfs /tmp --memory 64m: healthy", script.Output);
        Assert.Contains("container-acceptance: user config: replaced the image's", script.Output);

        // Before the hand-over, seed 000's stack from examples/compose (docker-compose with docker-compose.local.yaml):
        // Prometheus scraped the collector by its service name and had what was sent to the collector.
        Assert.Contains("container-acceptance: compose: up (project ", script.Output);
        Assert.Contains("scrapes minicollector:8889 and minicollector:8888 (both up); container_acceptance_orders_total{job=\"compose-acceptance\"} 42", script.Output);
        Assert.Contains("container-acceptance: compose: docker-compose stop → exit 0", script.Output);
        Assert.Contains("container-acceptance: compose stack: passed in ", script.Output);
        if (CollectorProcess.Executable is { } executable)
        {
            Assert.Contains("container-acceptance: executable: " + executable + ",", script.Output);
        }

        string Url(string name) => "http://127.0.0.1:" + ReadyPort().Matches(ready).Single(m => m.Groups["name"].Value == name).Groups["port"].Value;
        var grpc = Url("grpc");
        var http = Url("http");
        var telemetry = Url("telemetry");
        var prometheus = Url("prometheus");
        var health = Url("health");

        foreach (var (protocol, compression, job, count) in Senders)
        {
            var endpoint = protocol == OtlpExportProtocol.Grpc ? grpc : http;
            SendTraces(Target(endpoint, protocol, compression, "/v1/traces"), Scope, job, count);
            SendMetrics(Target(endpoint, protocol, compression, "/v1/metrics"), Scope, job, count);
            SendLog(Target(endpoint, protocol, compression, "/v1/logs"), job);
        }

        using var client = new HttpClient();
        // Per transport: the spans of two providers, one data point and one log record from each of two senders.
        await ScrapeUntilAsync(client, telemetry + "/metrics", "per transport 7 (gRPC) and 11 (HTTP) accepted spans, 2 and 2 metric points, 2 and 2 log records", text =>
            text.Contains("otelcol_receiver_accepted_spans{receiver=\"otlp\",transport=\"grpc\"} 7\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_spans{receiver=\"otlp\",transport=\"http\"} 11\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_metric_points{receiver=\"otlp\",transport=\"grpc\"} 2\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_metric_points{receiver=\"otlp\",transport=\"http\"} 2\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_log_records{receiver=\"otlp\",transport=\"grpc\"} 2\n", StringComparison.Ordinal)
            && text.Contains("otelcol_receiver_accepted_log_records{receiver=\"otlp\",transport=\"http\"} 2\n", StringComparison.Ordinal));

        var series = await ScrapeUntilAsync(client, prometheus + "/metrics", "a series of each job: " + string.Join(", ", Senders.Select(s => s.Job)), text => Senders.All(s => text.Contains($"job=\"{s.Job}\"", StringComparison.Ordinal)));
        foreach (var (_, _, job, count) in Senders)
        {
            Assert.Matches($@"container_acceptance_orders_total\{{[^}}]*job=""{job}""[^}}]*\}} {count}\n", series);
        }

        Promtool.AssertParses(series);

        var healthy = await client.GetAsync(health + "/");
        Assert.Equal(200, (int)healthy.StatusCode);

        // Released: the script docker-stops the container (SIGTERM), expects exit 0 and prints the container's log.
        int code = await script.StopAsync(TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"container-acceptance.sh exited {code}:\n{script.Output}");
        var log = string.Join('\n', script.Output.Split('\n').Where(l => l.StartsWith("container-log: ", StringComparison.Ordinal)));
        Assert.Equal(3 + 4 + 5 + 6, Sum(log, @"""spans"": (\d+)"));
        Assert.Equal(Senders.Length, Sum(log, @"""log records"": (\d+)"));
        Assert.Equal(Senders.Length, Sum(log, @"""data points"": (\d+)"));
        Assert.Contains("Shutdown complete.", log);
        Assert.Contains("container-acceptance: held: docker stop → exit 0", script.Output);
        Assert.Contains("container-acceptance: PASS", script.Output);
    }

    private static void SendLog(Action<OtlpExporterOptions> target, string job)
    {
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(job));
            o.AddOtlpExporter(e =>
            {
                target(e);
                e.ExportProcessorType = ExportProcessorType.Simple;
            });
        }));
        loggerFactory.CreateLogger("Container.Acceptance").LogWarning("Order {OrderId} sent by {Job}", "O-1", job);
    }

    private static int Sum(string text, string pattern) =>
        Regex.Matches(text, pattern).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?<name>grpc|http|telemetry|prometheus|health)=(?<port>\d+)")]
    private static partial Regex ReadyPort();
}
