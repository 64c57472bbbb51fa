using System.Net;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using Xunit.Abstractions;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// The real executable with a persistent sending queue (<c>file_storage</c>) and its downstream down: what the
/// OpenTelemetry .NET SDK saw acknowledged, over gRPC and HTTP/protobuf, survives <c>kill -9</c> and is delivered once
/// the collector restarts and the downstream is up (at least once: duplicates are counted and printed, not failed).
/// With fsync off and on, and with the exporter batching its queue (<c>sending_queue::batch</c>, the durable way to
/// batch): records are written before the answer and batched only when read back.
/// </summary>
public sealed class PersistentQueueCrashTests(ITestOutputHelper output)
{
    private const string ExporterBatching = """
                  batch:
                    flush_timeout: 100ms
                    min_size: 50

            """;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Everything_the_sdk_saw_acknowledged_arrives_after_kill_9_and_a_restart(bool fsync, bool exporterBatching)
    {
        var port = ReservePort();
        var directory = Directory.CreateTempSubdirectory("minicollector-crash-").FullName;
        try
        {
            var storage = Path.Combine(directory, "storage");
            var config = Path.Combine(directory, "collector.yaml");
            await File.WriteAllTextAsync(config, DurableConfig.Collector(
                storage,
                fsync,
                DurableConfig.Exporter("otlp", port, queueExtra: exporterBatching ? ExporterBatching : string.Empty),
                DurableConfig.Pipeline("traces", "otlp") + DurableConfig.Pipeline("logs", "otlp") + DurableConfig.Pipeline("metrics", "otlp")));

            var acknowledged = new List<string>();
            int requests = 0, items = 0, failed = 0;
            using (var first = await CollectorUnderTest.StartAsync(directory, config))
            {
                foreach (var protocol in new[] { OtlpExportProtocol.Grpc, OtlpExportProtocol.HttpProtobuf })
                {
                    var tag = protocol == OtlpExportProtocol.Grpc ? "grpc" : "http";
                    using (var sdk = new SdkClient(protocol, first.GrpcUrl, first.HttpUrl, batchSpans: true, maxExportBatchSize: 20, scheduledDelayMilliseconds: 20))
                    {
                        for (int i = 0; i < 120; i++)
                        {
                            sdk.Span($"crash-{tag}-span-{i}");
                        }

                        Assert.True(sdk.FlushSpans(), "the SDK could not flush its spans");
                        for (int i = 0; i < 6; i++)
                        {
                            sdk.Log($"crash-{tag}-log-{i}");
                        }

                        for (int i = 0; i < 3; i++)
                        {
                            sdk.Metric($"crash.{tag}.metric.{i}");
                        }

                        // Disposing flushes: the meter provider exports once more on shutdown.
                        sdk.Dispose();
                        foreach (var (names, result) in sdk.Spans.Exports.Select(e => (e.Names.Select(n => "span:" + n), e.Result))
                            .Concat(sdk.Logs.Exports.Select(e => (e.Names.Select(n => "log:" + n), e.Result)))
                            .Concat(sdk.Metrics.Exports.Select(e => (e.Names.Select(n => "metric:" + n), e.Result))))
                        {
                            var keys = names.ToList();
                            if (result != ExportResult.Success)
                            {
                                failed++;
                                continue;
                            }

                            acknowledged.AddRange(keys);
                            if (keys.Count > 0)
                            {
                                requests++;
                                items += keys.Count;
                            }
                        }
                    }
                }

                // The queue was written to disk before each answer; nothing could be sent.
                var queue = DurableConfig.QueueDirectory(storage, "otlp");
                var records = QueueOnDisk.AllRecords(queue);
                output.WriteLine($"before kill -9: {requests} requests ({items} items) acknowledged, {failed} exports failed; {records.Count} records in {QueueOnDisk.Segments(queue).Count} segment file(s)");
                Assert.Equal(0, failed);
                Assert.Equal(requests, records.Count);
                Assert.Equal(items, records.Sum(r => r.ItemCount));

                Assert.Equal(137, await first.KillAsync());
                Assert.DoesNotContain("Shutdown requested", first.Output);
            }

            var counting = new CountingExporterFactory();
            await using var downstream = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);
            using var second = await CollectorUnderTest.StartAsync(directory, config);

            Assert.Contains($"Recovered {requests} requests ({items} items) from the persistent queue", second.Output);
            var missing = await Arrivals.WaitForAllAsync(counting.Instance, acknowledged);
            var duplicates = Arrivals.Duplicates(counting.Instance);
            output.WriteLine($"after the restart: {acknowledged.Count} acknowledged keys, {missing.Count} missing, {duplicates.Count} duplicated{(duplicates.Count > 0 ? ": " + string.Join(", ", duplicates) : string.Empty)}");
            Assert.True(missing.Count == 0, Arrivals.Describe(acknowledged, missing, counting.Instance));
            Assert.DoesNotContain("opened with damage", second.Output);

            Assert.Equal(0, await second.TerminateAsync());
            Assert.Empty(second.ErrorLines);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Sigterm_flushes_a_batch_processor_in_front_of_the_persistent_queue_into_it_and_the_restart_delivers_it()
    {
        var port = ReservePort();
        var directory = Directory.CreateTempSubdirectory("minicollector-crash-").FullName;
        try
        {
            var storage = Path.Combine(directory, "storage");
            var config = Path.Combine(directory, "collector.yaml");
            await File.WriteAllTextAsync(config, DurableConfig.Collector(
                storage,
                fsync: false,
                DurableConfig.Exporter("otlp", port),
                DurableConfig.Pipeline("traces", "otlp", "batch") + DurableConfig.Pipeline("logs", "otlp", "batch"),
                processors: """
                      batch:
                        timeout: 1h
                        send_batch_size: 100000

                    """));

            var acknowledged = new List<string>();
            var queue = DurableConfig.QueueDirectory(storage, "otlp");
            using (var first = await CollectorUnderTest.StartAsync(directory, config))
            {
                // The risky combination is pointed out at start.
                Assert.Contains("holds data in memory before exporter \"otlp\" writes it to its persistent queue", first.Output);
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                for (int i = 0; i < 5; i++)
                {
                    var spans = Enumerable.Range(0, 4).Select(j => $"sigterm-span-{i}-{j}").ToList();
                    var logs = Enumerable.Range(0, 2).Select(j => $"sigterm-log-{i}-{j}").ToList();
                    Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, first.HttpUrl, "traces", Spans(spans))).StatusCode);
                    Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, first.HttpUrl, "logs", Logs(logs))).StatusCode);
                    acknowledged.AddRange(spans.Select(n => "span:" + n).Concat(logs.Select(b => "log:" + b)));
                }

                // Answered from the batch buffer: nothing is in the persistent queue yet.
                Assert.Empty(QueueOnDisk.AllRecords(queue));
                Assert.Equal(0, await first.TerminateAsync());
            }

            // The stop sent the batches into the queue, where they stay while the downstream is down.
            var records = QueueOnDisk.AllRecords(queue);
            Assert.Equal(acknowledged.Order(StringComparer.Ordinal), records.SelectMany(r => r.Keys).Order(StringComparer.Ordinal));

            var counting = new CountingExporterFactory();
            await using var downstream = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);
            using var second = await CollectorUnderTest.StartAsync(directory, config);
            Assert.Contains($"Recovered {records.Count} requests ({acknowledged.Count} items) from the persistent queue", second.Output);
            var missing = await Arrivals.WaitForAllAsync(counting.Instance, acknowledged);
            output.WriteLine($"{records.Count} batches ({acknowledged.Count} items) kept over SIGTERM; {missing.Count} missing, {Arrivals.Duplicates(counting.Instance).Count} duplicated");
            Assert.True(missing.Count == 0, Arrivals.Describe(acknowledged, missing, counting.Instance));
            Assert.Equal(0, await second.TerminateAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
