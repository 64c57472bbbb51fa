using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using MiniCollector.EndToEnd.Tests.TestSupport;
using Xunit.Abstractions;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// <c>kill -9</c> while several clients are still sending to the real executable, with requests large enough that the
/// persistent queue rolls over to new segment files during the stream: every request answered 200 before the kill
/// arrives after the restart; requests cut off by the kill may or may not arrive (the client was not answered, so it
/// keeps them); a record the kill tore is skipped with a logged error, and the collector starts regardless.
/// </summary>
public sealed class PersistentQueueKillMidStreamTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Kill_9_while_clients_are_sending_loses_nothing_that_was_answered(bool fsync)
    {
        var port = ReservePort();
        var directory = Directory.CreateTempSubdirectory("minicollector-midstream-").FullName;
        try
        {
            var storage = Path.Combine(directory, "storage");
            var config = Path.Combine(directory, "collector.yaml");
            await File.WriteAllTextAsync(config, DurableConfig.Collector(
                storage,
                fsync,
                DurableConfig.Exporter("otlp", port),
                DurableConfig.Pipeline("traces", "otlp")));
            var queue = DurableConfig.QueueDirectory(storage, "otlp");

            var answered = new ConcurrentBag<string>();
            var unanswered = new ConcurrentBag<string>();
            using (var first = await CollectorUnderTest.StartAsync(directory, config))
            {
                using var stop = new CancellationTokenSource();
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

                // 64 KiB per request: the 8 MiB segments fill and roll over while the clients send.
                var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
                {
                    for (int request = 0; request < 2000 && !stop.IsCancellationRequested; request++)
                    {
                        var names = Enumerable.Range(0, 4).Select(i => $"midstream-{sender}-{request}-{i}").ToList();
                        var body = Overload.OverloadClient.Spans(names, payloadBytes: 16 * 1024).ToByteArray();
                        try
                        {
                            using var response = await Overload.OverloadClient.PostAsync(client, first.HttpUrl, "traces", body);
                            (response.StatusCode == HttpStatusCode.OK ? answered : unanswered).Add(string.Join('\n', names));
                        }
                        catch (HttpRequestException)
                        {
                            // Cut off by the kill: not answered, so the client still has it.
                            unanswered.Add(string.Join('\n', names));
                            return;
                        }
                    }
                })).ToArray();

                // Kill once the queue has rolled over to a second segment, with the clients still sending.
                await WaitUntilAsync(() => Directory.Exists(queue) && QueueOnDisk.Segments(queue).Count >= 2, () => "the queue never reached a second segment");
                Assert.Equal(137, await first.KillAsync());
                stop.Cancel();
                await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(30));
            }

            var acknowledged = answered.SelectMany(r => r.Split('\n')).Select(n => "span:" + n).ToList();
            var segments = QueueOnDisk.Segments(queue).Count;
            var counting = new CountingExporterFactory();
            await using var downstream = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);
            using var second = await CollectorUnderTest.StartAsync(directory, config);

            var missing = await Arrivals.WaitForAllAsync(counting.Instance, acknowledged, TimeSpan.FromSeconds(25));
            var unansweredKeys = unanswered.SelectMany(r => r.Split('\n')).Select(n => "span:" + n).ToList();
            var unansweredArrived = unansweredKeys.Count(k => counting.Instance.Arrivals.ContainsKey(k));
            var duplicates = Arrivals.Duplicates(counting.Instance);
            output.WriteLine($"{answered.Count} requests answered ({acknowledged.Count} spans) and {unanswered.Count} not before the kill, {segments} segment files; " +
                $"after the restart {missing.Count} answered spans missing, {unansweredArrived} unanswered spans arrived anyway, {duplicates.Count} duplicated");
            foreach (var line in second.ErrorLines)
            {
                output.WriteLine(line);
            }

            Assert.True(missing.Count == 0, Arrivals.Describe(acknowledged, missing, counting.Instance));
            Assert.True(segments >= 2, $"{segments} segment files");

            // Nothing arrived that no client sent; the only error a kill may leave is one report of a torn record.
            var sent = acknowledged.Concat(unansweredKeys).ToHashSet(StringComparer.Ordinal);
            Assert.All(counting.Instance.Arrivals.Keys, key => Assert.Contains(key, sent));
            Assert.All(second.ErrorLines, line => Assert.Contains("opened with damage", line));
            Assert.True(second.ErrorLines.Count <= 1, string.Join("\n", second.ErrorLines));
            Assert.Equal(0, await second.TerminateAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
