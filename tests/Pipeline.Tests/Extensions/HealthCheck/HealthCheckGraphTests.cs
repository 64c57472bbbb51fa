using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Extensions.HealthCheck;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Extensions.HealthCheck;

/// <summary><c>health_check</c> in a real service graph: ready once everything started, unavailable while stopping.</summary>
public sealed class HealthCheckGraphTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    private const string Config = """
        receivers: { testrcv: }
        exporters: { gatedexp: }
        extensions:
          health_check:
            endpoint: 127.0.0.1:0
            path: /health
        service:
          extensions: [health_check]
          pipelines:
            traces: { receivers: [testrcv], exporters: [gatedexp] }
        """;

    [Fact]
    public async Task Ready_after_start_and_unavailable_from_the_moment_shutdown_begins()
    {
        var log = new LifecycleLog();
        var exporters = new GatedExporterFactory();
        var registry = new ComponentRegistry([new TestReceiverFactory(log), exporters, new HealthCheckExtensionFactory()]);
        var graph = PipelineGraph.Build(ConfigHelper.ParseValid(Config, registry), NullLoggerFactory.Instance, CollectorMeter.None);
        var (id, component) = Assert.Single(graph.Extensions);
        Assert.Equal("health_check", id.ToString());
        var health = Assert.IsType<HealthCheckExtension>(component);
        using var client = new HttpClient { Timeout = HangGuard };
        Task? shutdown = null;
        try
        {
            Assert.False(health.IsReady);
            await graph.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
            var url = Assert.Single(health.Endpoints).Url + "/health";

            using (var ready = await client.GetAsync(url).WaitAsync(HangGuard))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.Contains("\"status\":\"Server available\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            shutdown = graph.ShutdownAsync(CancellationToken.None);
            await exporters.ShutdownEntered.WaitAsync(HangGuard);

            // The receiver already stopped; the exporter is draining; the extension, stopped last, still answers.
            Assert.Equal(["receiver/testrcv"], log.Stops);
            using (var stopping = await client.GetAsync(url).WaitAsync(HangGuard))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, stopping.StatusCode);
                Assert.Contains("\"status\":\"Server not available\"", await stopping.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            Assert.False(shutdown.IsCompleted);
            exporters.Open();
            await shutdown.WaitAsync(HangGuard);

            Assert.Empty(health.Endpoints);
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url).WaitAsync(HangGuard));
        }
        finally
        {
            exporters.Open();
            await (shutdown ?? graph.ShutdownAsync(CancellationToken.None)).WaitAsync(HangGuard);
        }
    }
}
