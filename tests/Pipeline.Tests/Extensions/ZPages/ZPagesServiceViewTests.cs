using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Extensions.ZPages;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Service;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Extensions.ZPages;

/// <summary>The service view's start time and uptime, read from the extension's clock (a fake one here).</summary>
public sealed class ZPagesServiceViewTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Uptime_counts_from_when_the_service_was_built_on_the_components_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        var context = new ComponentContext(new ComponentId("zpages", string.Empty), ComponentKind.Extension, NullLoggerFactory.Instance) { Time = time };
        var extension = new ZPagesExtension(context, new ZPagesOptions { Endpoint = "127.0.0.1:0" });
        var config = ConfigHelper.ParseValid("""
            receivers: {testrcv: {}}
            exporters: {testexp: {}}
            service:
              pipelines:
                traces: {receivers: [testrcv], exporters: [testexp]}
            """);
        time.Advance(TimeSpan.FromSeconds(5));
        extension.OnServiceBuilt(PipelineGraph.Describe(config, new BuildInfo("minicollector", "9.8.7", "JIT")));
        await extension.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        try
        {
            time.Advance(TimeSpan.FromSeconds(90));
            using var http = new HttpClient { Timeout = HangGuard };

            using var document = JsonDocument.Parse(await http.GetStringAsync(extension.Endpoints[0].Url + "/api/service"));

            var root = document.RootElement;
            Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 5, TimeSpan.Zero).ToUnixTimeMilliseconds(), root.GetProperty("startTimeMs").GetInt64());
            Assert.Equal(90, root.GetProperty("uptimeSeconds").GetInt64());
            Assert.Equal("9.8.7", root.GetProperty("version").GetString());
            Assert.Equal([("receiver", "testrcv"), ("exporter", "testexp")], root.GetProperty("components").EnumerateArray().Select(c => (c.GetProperty("kind").GetString(), c.GetProperty("id").GetString())));
            Assert.Contains("receivers: [testrcv]", root.GetProperty("config").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await extension.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        }
    }
}
