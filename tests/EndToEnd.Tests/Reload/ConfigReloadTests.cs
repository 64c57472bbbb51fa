using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Pipeline.Components;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Reload;

/// <summary>
/// Config reloads of a running collector A forwarding to a real downstream B (a second collector counting what
/// arrives), with clients sending continuously over gRPC and HTTP while the config changes: no request to an
/// unchanged endpoint fails, the clients keep their connection, every acknowledged item arrives exactly once, and the
/// new config's behaviour shows.
/// </summary>
public sealed class ConfigReloadTests
{
    private static readonly ComponentId Otlp = new("otlp", string.Empty);

    private static string Receivers(string extra = "") => $"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        {extra}
        """;

    private static string Config(string exporters, string pipelines, string processors = "", string receiversExtra = "") => $"""
        {Receivers(receiversExtra)}
        {(processors.Length == 0 ? string.Empty : "processors:\n" + processors)}
        exporters:
        {exporters}
        service:
          pipelines:
        {pipelines}
        """;

    private static string Pipeline(string name, string exporters, string processors = "", string receivers = "otlp") => $"""
            {name}:
              receivers: [{receivers}]
              processors: [{processors}]
              exporters: [{exporters}]

        """;

    [Fact]
    public async Task An_added_exporter_gets_data_after_the_reload_and_the_clients_never_notice()
    {
        var countingB = new CountingExporterFactory();
        var countingC = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(), countingB);
        await using var c = await TestCollector.StartAsync(DownstreamConfig(), countingC);
        var toB = GrpcExporter(HostPort(b.GrpcUrl));
        await using var a = await TestCollector.StartAsync(Config(toB, Pipeline("traces", "otlp")));
        var receiver = a.Host.Graph.Receivers[Otlp];
        var exporter = a.Host.Graph.Exporters[Otlp];

        var (acknowledged, _) = await WithTrafficAsync(a, "added", async () =>
        {
            var outcome = await a.ReloadAsync(Config(toB + GrpcExporter(HostPort(c.GrpcUrl), type: "otlp/2"), Pipeline("traces", "otlp, otlp/2")));
            Assert.True(outcome.Succeeded, outcome.Summary);
            Assert.Contains("receiver/otlp", outcome.Kept);
            Assert.Contains("exporter/otlp", outcome.Kept);
            Assert.Equal(["exporter/otlp/2"], outcome.Started);
        });

        Assert.Same(receiver, a.Host.Graph.Receivers[Otlp]);
        Assert.Same(exporter, a.Host.Graph.Exporters[Otlp]);
        await AssertDeliveredAsync(countingB.Instance, acknowledged);

        // The new behaviour: what is sent now reaches C as well.
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, a.HttpUrl, "traces", Spans(["after-reload"]))).StatusCode);
        await WaitUntilAsync(() => countingC.Instance.Arrivals.ContainsKey("span:after-reload"), () => "C should receive what is sent after the reload");
        Assert.Contains("Reload: kept [", a.Logs.TextOf("service"));
    }

    [Fact]
    public async Task Changed_batch_settings_take_effect_the_old_batch_flushes_into_the_kept_exporter_and_its_counters_go_on()
    {
        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(), counting);
        var toB = GrpcExporter(HostPort(b.GrpcUrl));
        const string Before = """
              batch:
                timeout: 200ms
                send_batch_size: 100000
            """;
        const string After = """
              batch:
                timeout: 200ms
                send_batch_size: 2
            """;
        await using var a = await TestCollector.StartAsync(Config(toB, Pipeline("traces", "otlp", "batch"), Before));

        double timeoutTriggersBefore = 0;
        var (acknowledged, _) = await WithTrafficAsync(a, "batch", async () =>
        {
            await WaitUntilAsync(() => Reading(a, "otelcol_processor_batch_timeout_trigger_send") > 0, () => "the first batch processor should have sent on timeout");
            Assert.Equal(0, Reading(a, "otelcol_processor_batch_batch_size_trigger_send"));
            timeoutTriggersBefore = Reading(a, "otelcol_processor_batch_timeout_trigger_send");
            var outcome = await a.ReloadAsync(Config(toB, Pipeline("traces", "otlp", "batch"), After));
            Assert.True(outcome.Succeeded, outcome.Summary);
            Assert.Equal(["processor/batch in traces"], outcome.Replaced);
            Assert.Contains("exporter/otlp", outcome.Kept);
        });

        await AssertDeliveredAsync(counting.Instance, acknowledged);

        // The new send_batch_size: a request of five spans fills batches of two.
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, a.HttpUrl, "traces", Spans(["s1", "s2", "s3", "s4", "s5"]))).StatusCode);
        await WaitUntilAsync(() => Reading(a, "otelcol_processor_batch_batch_size_trigger_send") > 0, () => "the new batch processor should send on size");

        // The series of batch is continuous: the replaced processor's count is kept, not reset.
        Assert.True(Reading(a, "otelcol_processor_batch_timeout_trigger_send") >= timeoutTriggersBefore);
    }

    [Fact]
    public async Task A_removed_pipeline_stops_its_signal_while_the_receiver_keeps_serving_the_others_on_the_same_connections()
    {
        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(), counting);
        var toB = GrpcExporter(HostPort(b.GrpcUrl));
        await using var a = await TestCollector.StartAsync(Config(toB, Pipeline("traces", "otlp") + Pipeline("logs", "otlp")));
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, a.HttpUrl, "logs", Logs(["before"]))).StatusCode);

        var (acknowledged, _) = await WithTrafficAsync(a, "removed", async () =>
        {
            var outcome = await a.ReloadAsync(Config(toB, Pipeline("traces", "otlp")));
            Assert.True(outcome.Succeeded, outcome.Summary);
            Assert.Contains("receiver/otlp", outcome.Kept);
        });

        await AssertDeliveredAsync(counting.Instance, acknowledged, logs: ["before"]);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, a.HttpUrl, "logs", Logs(["after"]))).StatusCode);
    }

    [Fact]
    public async Task A_receiver_moved_to_another_port_serves_there_and_its_old_port_closes_while_the_unchanged_receiver_never_fails()
    {
        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(), counting);
        var toB = GrpcExporter(HostPort(b.GrpcUrl));
        int oldPort = ReservePort(), newPort = ReservePort();

        // otlp/2's gRPC protocol never changes: only its HTTP listener moves, its gRPC listener and connections stay.
        string Second(int port, string extra = "") => $"""
              otlp/2:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
                  http:
                    endpoint: 127.0.0.1:{port}
            {extra}
            """;
        await using var a = await TestCollector.StartAsync(Config(toB, Pipeline("traces", "otlp", receivers: "otlp, otlp/2"), receiversExtra: Second(oldPort)));
        await using var secondGrpc = ContinuousSender.Grpc(a.Host.ReceiverEndpoint("otlp/2", "grpc").Url, "moved-second-grpc");
        await secondGrpc.WaitForMoreAsync(20);
        var (acknowledged, _) = await WithTrafficAsync(a, "moved", async () =>
        {
            var outcome = await a.ReloadAsync(Config(toB, Pipeline("traces", "otlp", receivers: "otlp, otlp/2"), receiversExtra: Second(newPort)));
            Assert.True(outcome.Succeeded, outcome.Summary);
            Assert.Equal(["receiver/otlp/2"], outcome.Reconfigured);
            Assert.Empty(outcome.Replaced);
        });

        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(client, $"http://127.0.0.1:{oldPort}", "traces", Spans(["old-port"])));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"http://127.0.0.1:{newPort}", "traces", Spans(["new-port"]))).StatusCode);

        // Same port, another setting: the new build can only bind once the old one let go, and then serves.
        var outcome2 = await a.ReloadAsync(Config(toB, Pipeline("traces", "otlp", receivers: "otlp, otlp/2"), receiversExtra: Second(newPort, """
                    max_request_body_size: 1000000
            """)));
        Assert.True(outcome2.Succeeded, outcome2.Summary);
        Assert.Equal(["receiver/otlp/2"], outcome2.Reconfigured);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"http://127.0.0.1:{newPort}", "traces", Spans(["same-port"]))).StatusCode);

        // Through both reloads the unchanged gRPC protocol of otlp/2 answered every request on its one connection.
        await secondGrpc.WaitForMoreAsync(20);
        var second = await secondGrpc.StopAsync();
        Assert.True(secondGrpc.Failures.IsEmpty, "failed requests on otlp/2's unchanged gRPC endpoint: " + string.Join("; ", secondGrpc.Failures.Take(10)));
        Assert.Equal(1, secondGrpc.Connections);

        await AssertDeliveredAsync(counting.Instance, [.. acknowledged, .. second, "new-port", "same-port"]);
    }

    [Fact]
    public async Task An_invalid_config_is_refused_with_the_validate_errors_and_the_collector_keeps_serving_the_old_one()
    {
        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(), counting);
        var toB = GrpcExporter(HostPort(b.GrpcUrl));
        await using var a = await TestCollector.StartAsync(Config(toB, Pipeline("traces", "otlp")));
        var graph = a.Host.Graph;

        var (acknowledged, _) = await WithTrafficAsync(a, "invalid", async () =>
        {
            var outcome = await a.ReloadAsync(Config(toB, Pipeline("traces", "otlp, nosuch")));
            Assert.False(outcome.Succeeded);
        });

        Assert.Same(graph, a.Host.Graph);
        var log = a.Logs.TextOf("service");
        Assert.Contains("keeping the running config", log);
        Assert.Contains("nosuch", log);
        Assert.Equal(1, Reading(a, "minicollector_config_reloads", "failure"));
        Assert.Equal(0, Reading(a, "minicollector_config_reloads", "success"));
        await AssertDeliveredAsync(counting.Instance, acknowledged);
    }

    [Fact]
    public async Task A_replaced_exporter_takes_over_its_persistent_queue_and_delivers_what_was_acknowledged_before_the_reload()
    {
        var directory = Directory.CreateTempSubdirectory("minicollector-reload-").FullName;
        try
        {
            int port = ReservePort();
            string Exporter(string timeout) => Durability.DurableConfig.Exporter("otlp", port) + $"    timeout: {timeout}\n";
            string Collector(string timeout) => Durability.DurableConfig.Collector(directory, fsync: false, Exporter(timeout), Durability.DurableConfig.Pipeline("traces", "otlp"));
            await using var a = await TestCollector.StartAsync(Collector("5s"));
            using var client = new HttpClient();
            var names = Enumerable.Range(0, 20).Select(i => $"queued-{i}").ToList();
            foreach (var name in names)
            {
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, a.HttpUrl, "traces", Spans([name]))).StatusCode);
            }

            // B is down: everything waits in the persistent queue while the exporter is replaced.
            var outcome = await a.ReloadAsync(Collector("6s"));
            Assert.True(outcome.Succeeded, outcome.Summary);
            Assert.Equal(["exporter/otlp"], outcome.Replaced);
            Assert.Contains("extension/file_storage", outcome.Kept);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, a.HttpUrl, "traces", Spans(["after-reload"]))).StatusCode);

            var counting = new CountingExporterFactory();
            await using var b = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);
            await AssertDeliveredAsync(counting.Instance, [.. names, "after-reload"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_reload_rebuilds_the_connector_and_what_feeds_it_keeps_what_it_feeds_and_loses_nothing()
    {
        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(), counting);
        var toB = GrpcExporter(HostPort(b.GrpcUrl));
        const string Connectors = """
            connectors:
              forward:
            """;
        const string Processors = """
              batch:
                timeout: 100ms
            """;
        string Pipelines(string inProcessors) => Pipeline("traces/in", "forward", inProcessors) + Pipeline("traces/out", "otlp", "batch", receivers: "forward");
        await using var a = await TestCollector.StartAsync(Config(toB, Pipelines(string.Empty), Processors, Connectors));
        var exporter = a.Host.Graph.Exporters[Otlp];
        var connector = Assert.Single(a.Host.Graph.Connectors).Value;
        var outBatch = a.Host.Graph.Processors.Single(p => p.Pipeline == "traces/out").Processor;

        var (acknowledged, _) = await WithTrafficAsync(a, "connector", async () =>
        {
            var outcome = await a.ReloadAsync(Config(toB, Pipelines("batch"), Processors, Connectors));
            Assert.True(outcome.Succeeded, outcome.Summary);
            Assert.Equal(["connector/forward (traces → traces)"], outcome.Replaced);
            Assert.Equal(["processor/batch in traces/in"], outcome.Started);
            Assert.Contains("processor/batch in traces/out", outcome.Kept);
            Assert.Contains("exporter/otlp", outcome.Kept);
        });

        Assert.Same(exporter, a.Host.Graph.Exporters[Otlp]);
        Assert.Same(outBatch, a.Host.Graph.Processors.Single(p => p.Pipeline == "traces/out").Processor);
        Assert.NotSame(connector, Assert.Single(a.Host.Graph.Connectors).Value);
        await AssertDeliveredAsync(counting.Instance, acknowledged);
    }

    /// <summary>
    /// Runs a gRPC and an HTTP client against A's otlp receiver, applies <paramref name="reload"/> while both are
    /// sending, lets them send some more, and checks that no request failed and each kept its one connection.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Acknowledged, int Requests)> WithTrafficAsync(TestCollector a, string prefix, Func<Task> reload)
    {
        await using var grpc = ContinuousSender.Grpc(a.GrpcUrl, prefix + "-grpc");
        await using var http = ContinuousSender.Http(a.HttpUrl, prefix + "-http");
        await Task.WhenAll(grpc.WaitForMoreAsync(20), http.WaitForMoreAsync(20));
        await reload();
        await Task.WhenAll(grpc.WaitForMoreAsync(20), http.WaitForMoreAsync(20));
        var acknowledged = (await grpc.StopAsync()).Concat(await http.StopAsync()).ToList();

        Assert.True(grpc.Failures.IsEmpty && http.Failures.IsEmpty, "failed requests: " + string.Join("; ", grpc.Failures.Concat(http.Failures).Take(10)));
        Assert.Equal(1, grpc.Connections);
        Assert.Equal(1, http.Connections);
        return (acknowledged, acknowledged.Count);
    }

    private static async Task AssertDeliveredAsync(CountingExporter counting, IReadOnlyList<string> spans, IReadOnlyList<string>? logs = null)
    {
        logs ??= [];
        await WaitUntilAsync(() => ArrivedCount(counting, spans, logs, []) == spans.Count + logs.Count, () => $"{ArrivedCount(counting, spans, logs, [])} of {spans.Count + logs.Count} acknowledged items arrived", TimeSpan.FromSeconds(60));
        AssertEachArrivedOnce(counting, spans, logs, []);
    }

    // The value of a self-metric's series (summed over its series when no result label is asked for).
    private static double Reading(TestCollector collector, string name, string? result = null)
        => collector.Host.Meter.Read()
            .Where(r => r.Name == name && (result is null || r.Labels.Any(l => l.Key == "result" && l.Value == result)))
            .Sum(r => r.Value);
}
