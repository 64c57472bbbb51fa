using System.Net;
using MiniCollector.EndToEnd.Tests.TestSupport;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Reload;

/// <summary>
/// The real executable reloads its config when the file changes under <c>--watch</c>, and on SIGHUP: a logs pipeline
/// added to the file starts serving /v1/logs on the port that stayed open, and what it takes reaches the downstream.
/// </summary>
public sealed class ReloadProcessTests
{
    [Fact]
    public Task With_watch_rewriting_the_config_file_reloads_it() => ReloadAsync(watch: true);

    [Fact]
    public Task Sighup_reloads_the_config_file() => ReloadAsync(watch: false);

    private static async Task ReloadAsync(bool watch)
    {
        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(), counting);
        var directory = Directory.CreateTempSubdirectory("minicollector-reload-").FullName;
        try
        {
            int port = ReservePort();
            var url = $"http://127.0.0.1:{port}";
            var path = Path.Combine(directory, "collector.yaml");
            string Config(string signals) => $"""
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:{port}
                exporters:
                {GrpcExporter(HostPort(b.GrpcUrl))}
                service:
                  pipelines:
                {string.Concat(signals.Split(',').Select(s => $"    {s}:\n      receivers: [otlp]\n      exporters: [otlp]\n"))}
                """;
            await File.WriteAllTextAsync(path, Config("traces"));
            string[] args = watch ? ["--config", path, "--watch"] : ["--config", path];
            using var process = CollectorProcess.Start(directory, args);
            await process.WaitForOutputAsync("Everything is ready");

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, url, "traces", Spans(["before"]))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, url, "logs", Logs(["refused"]))).StatusCode);

            // An invalid edit first: refused, the running config keeps serving.
            await File.WriteAllTextAsync(path, Config("traces").Replace("exporters: [otlp]", "exporters: [nosuch]", StringComparison.Ordinal));
            if (!watch)
            {
                process.Hangup();
            }

            await process.WaitForOutputAsync("keeping the running config");
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, url, "traces", Spans(["after-invalid"]))).StatusCode);

            await File.WriteAllTextAsync(path, Config("traces,logs"));
            if (!watch)
            {
                process.Hangup();
            }

            await process.WaitForOutputAsync("Reload: kept [");
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, url, "logs", Logs(["after"]))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, url, "traces", Spans(["after"]))).StatusCode);

            await WaitUntilAsync(() => ArrivedCount(counting.Instance, ["before", "after-invalid", "after"], ["after"], []) == 4, () => "every acknowledged item should arrive");
            AssertEachArrivedOnce(counting.Instance, ["before", "after-invalid", "after"], ["after"], []);
            Assert.Contains("nosuch", process.Output);
            Assert.Contains("receiver/otlp", process.Output[process.Output.IndexOf("Reload: kept [", StringComparison.Ordinal)..]);

            process.Terminate();
            Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
