using System.Net;
using MiniCollector.EndToEnd.Tests.TestSupport;
using Xunit.Abstractions;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// Two exporters with persistent queues in one <c>file_storage</c> directory (the real executable): each keeps its own
/// subdirectory (<c>exporter_otlp_a</c>, <c>exporter_otlp_b</c>) holding only its own data, and after a restart each
/// one's data goes to its own destination. A config without <c>otlp/b</c> leaves b's files byte for byte as they were
/// while <c>otlp/a</c> keeps working; b's data is still delivered once b is configured again.
/// </summary>
public sealed class PersistentQueueLayoutTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_exporters_keep_separate_queues_and_an_unconfigured_ones_files_stay_untouched()
    {
        var portA = ReservePort();
        var portB = ReservePort();
        var directory = Directory.CreateTempSubdirectory("minicollector-layout-").FullName;
        try
        {
            var storage = Path.Combine(directory, "storage");
            var both = Path.Combine(directory, "both.yaml");
            var onlyA = Path.Combine(directory, "only-a.yaml");
            await File.WriteAllTextAsync(both, DurableConfig.Collector(
                storage,
                fsync: false,
                DurableConfig.Exporter("otlp/a", portA) + DurableConfig.Exporter("otlp/b", portB),
                DurableConfig.Pipeline("traces", "otlp/a") + DurableConfig.Pipeline("logs", "otlp/b")));
            await File.WriteAllTextAsync(onlyA, DurableConfig.Collector(
                storage,
                fsync: false,
                DurableConfig.Exporter("otlp/a", portA),
                DurableConfig.Pipeline("traces", "otlp/a")));
            var queueA = DurableConfig.QueueDirectory(storage, "otlp", "a");
            var queueB = DurableConfig.QueueDirectory(storage, "otlp", "b");
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            // 1. Both destinations down: spans go to a's queue, logs to b's; SIGTERM keeps them on disk.
            var spans = new List<string>();
            var logs = new List<string>();
            using (var first = await CollectorUnderTest.StartAsync(directory, both))
            {
                for (int i = 0; i < 4; i++)
                {
                    var names = Enumerable.Range(0, 5).Select(j => $"layout-span-{i}-{j}").ToList();
                    var bodies = Enumerable.Range(0, 3).Select(j => $"layout-log-{i}-{j}").ToList();
                    Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, first.HttpUrl, "traces", Spans(names))).StatusCode);
                    Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, first.HttpUrl, "logs", Logs(bodies))).StatusCode);
                    spans.AddRange(names.Select(n => "span:" + n));
                    logs.AddRange(bodies.Select(b => "log:" + b));
                }

                Assert.Equal(0, await first.TerminateAsync());
            }

            Assert.Equal(
                [Path.GetFileName(queueA), Path.GetFileName(queueB)],
                Directory.GetDirectories(storage).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(spans, QueueOnDisk.AllRecords(queueA).SelectMany(r => r.Keys));
            Assert.Equal(logs, QueueOnDisk.AllRecords(queueB).SelectMany(r => r.Keys));
            var before = QueueOnDisk.Snapshot(queueB);
            output.WriteLine("b's queue: " + string.Join(", ", before.Select(f => $"{f.Key} {f.Value}")));

            // 2. otlp/b removed from the config: a delivers its backlog and new data; b's files are not touched.
            var viaA = new CountingExporterFactory();
            await using (var destinationA = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{portA}"), viaA))
            {
                using (var second = await CollectorUnderTest.StartAsync(directory, onlyA))
                {
                    var more = Enumerable.Range(0, 5).Select(j => $"layout-span-later-{j}").ToList();
                    Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, second.HttpUrl, "traces", Spans(more))).StatusCode);
                    spans.AddRange(more.Select(n => "span:" + n));

                    var missing = await Arrivals.WaitForAllAsync(viaA.Instance, spans);
                    Assert.True(missing.Count == 0, Arrivals.Describe(spans, missing, viaA.Instance));
                    await second.WaitForSentAsync("otlp/a", spans.Count);
                    Assert.Equal(before, QueueOnDisk.Snapshot(queueB));
                    Assert.DoesNotContain(Path.GetFileName(queueB), second.Output);
                    Assert.Equal(0, await second.TerminateAsync());
                }

                Assert.Equal(before, QueueOnDisk.Snapshot(queueB));
                Assert.Empty(QueueOnDisk.AllRecords(queueA));
                Assert.Equal(0, viaA.Instance.Count("log:"));
            }

            // 3. otlp/b configured again with its destination up: its logs go there, and only there.
            var viaB = new CountingExporterFactory();
            await using (var destinationB = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{portB}"), viaB))
            {
                using var third = await CollectorUnderTest.StartAsync(directory, both);
                Assert.Contains($"Recovered 4 requests ({logs.Count} items) from the persistent queue", third.Output);
                var missing = await Arrivals.WaitForAllAsync(viaB.Instance, logs);
                Assert.True(missing.Count == 0, Arrivals.Describe(logs, missing, viaB.Instance));
                await third.WaitForSentAsync("otlp/b", logs.Count);
                Assert.Equal(0, viaB.Instance.Count("span:"));
                output.WriteLine($"duplicates at a: {Arrivals.Duplicates(viaA.Instance).Count}, at b: {Arrivals.Duplicates(viaB.Instance).Count}");
                Assert.Equal(0, await third.TerminateAsync());
                Assert.Empty(third.ErrorLines);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
