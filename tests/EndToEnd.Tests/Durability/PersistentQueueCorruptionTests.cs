using System.Net;
using MiniCollector.EndToEnd.Tests.TestSupport;
using Xunit.Abstractions;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// A persistent queue damaged on disk while the collector was stopped (SIGTERM with the downstream down keeps the
/// undelivered records): the real executable still starts, logs one error counting what it skipped, and delivers every
/// record that is intact; the damaged record's items are the only ones missing. The damage is reported once: a further
/// restart finds a clean queue.
/// </summary>
public sealed class PersistentQueueCorruptionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_torn_tail_loses_only_the_last_record_and_is_reported_once()
    {
        await RunAsync(
            "torn",
            records =>
            {
                // The last record of the last segment, cut in the middle of its payload: a write a crash interrupted.
                var last = records[^1];
                using (var file = new FileStream(last.Segment, FileMode.Open, FileAccess.Write))
                {
                    file.SetLength(last.PayloadOffset + (last.Length / 2));
                }

                return last;
            },
            "skipped 1 unreadable records (1 cut short at a segment's end, 0 with a damaged header");
    }

    [Fact]
    public async Task A_flipped_byte_in_an_earlier_record_loses_only_that_record_and_is_reported_once()
    {
        await RunAsync(
            "flipped",
            records =>
            {
                // A payload byte of the third record: its header (and so its length) stays trustworthy.
                var victim = records[2];
                using (var file = new FileStream(victim.Segment, FileMode.Open, FileAccess.ReadWrite))
                {
                    file.Position = victim.PayloadOffset + (victim.Length / 2);
                    int b = file.ReadByte();
                    file.Position--;
                    file.WriteByte((byte)(b ^ 0x5A));
                }

                return victim;
            },
            "0 with a damaged header, after which the rest of that segment was unreadable and was cut off, 1 failing their checksum");
    }

    [Fact]
    public async Task A_record_damaged_while_the_collector_runs_is_logged_and_counted_when_read_back_and_the_rest_arrives()
    {
        var port = ReservePort();
        var directory = Directory.CreateTempSubdirectory("minicollector-corrupt-").FullName;
        try
        {
            var storage = Path.Combine(directory, "storage");
            var config = Path.Combine(directory, "collector.yaml");

            // One consumer: while it retries the first request, the others stay on disk, not yet read back.
            await File.WriteAllTextAsync(config, DurableConfig.Collector(
                storage,
                fsync: false,
                DurableConfig.Exporter("otlp", port, queueExtra: "      num_consumers: 1\n"),
                DurableConfig.Pipeline("traces", "otlp")));
            var queue = DurableConfig.QueueDirectory(storage, "otlp");

            using var collector = await CollectorUnderTest.StartAsync(directory, config);
            var acknowledged = new List<string>();
            using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                for (int i = 0; i < 6; i++)
                {
                    var spans = Enumerable.Range(0, 5).Select(j => $"live-span-{i}-{j}").ToList();
                    Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, collector.HttpUrl, "traces", Spans(spans))).StatusCode);
                    acknowledged.AddRange(spans.Select(s => "span:" + s));
                }
            }

            await collector.Process.WaitForOutputAsync("will retry");

            // The fourth record's payload goes bad on disk while it waits its turn.
            var records = QueueOnDisk.AllRecords(queue);
            Assert.Equal(acknowledged, records.SelectMany(r => r.Keys));
            var victim = records[3];
            using (var file = new FileStream(victim.Segment, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
                file.Position = victim.PayloadOffset + (victim.Length / 2);
                int b = file.ReadByte();
                file.Position--;
                file.WriteByte((byte)(b ^ 0x5A));
            }

            var lost = victim.Keys;
            var intact = acknowledged.Except(lost, StringComparer.Ordinal).ToList();
            var counting = new CountingExporterFactory();
            await using var downstream = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);

            var missing = await Arrivals.WaitForAllAsync(counting.Instance, intact);
            Assert.True(missing.Count == 0, Arrivals.Describe(intact, missing, counting.Instance));
            await collector.WaitForSentAsync("otlp", intact.Count);
            Assert.Equal(intact.Order(StringComparer.Ordinal), counting.Instance.Arrivals.Keys.Order(StringComparer.Ordinal));

            // What could not be read back is given up on: logged with the reason and counted, never silently.
            await Forwarding.Forwarding.WaitUntilAsync(
                () => collector.Output.Contains("could not be read back", StringComparison.Ordinal),
                () => $"no error about the damaged record (sequence {victim.Sequence}, {lost.Count} spans); errors logged:\n{string.Join("\n", collector.ErrorLines)}",
                TimeSpan.FromSeconds(5));
            Assert.Contains($"Dropping {lost.Count} spans", collector.Output);
            using (var http = new HttpClient())
            {
                var metrics = await http.GetStringAsync(collector.TelemetryUrl + "/metrics");
                Assert.Contains($"otelcol_exporter_send_failed_spans{{exporter=\"otlp\"}} {lost.Count}", metrics);
                Assert.Contains($"minicollector_exporter_send_failed_spans{{exporter=\"otlp\",reason=\"queue_storage\"}} {lost.Count}", metrics);
            }

            Assert.Equal(0, await collector.TerminateAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task RunAsync(string prefix, Func<IReadOnlyList<StoredRecordOnDisk>, StoredRecordOnDisk> damage, string expectedSkipText)
    {
        var port = ReservePort();
        var directory = Directory.CreateTempSubdirectory("minicollector-corrupt-").FullName;
        try
        {
            var storage = Path.Combine(directory, "storage");
            var config = Path.Combine(directory, "collector.yaml");
            await File.WriteAllTextAsync(config, DurableConfig.Collector(
                storage,
                fsync: false,
                DurableConfig.Exporter("otlp", port),
                DurableConfig.Pipeline("traces", "otlp") + DurableConfig.Pipeline("logs", "otlp")));

            // 1. The downstream is down: every request is acknowledged once it is on disk, then SIGTERM keeps them there.
            var acknowledged = new List<string>();
            using (var first = await CollectorUnderTest.StartAsync(directory, config))
            {
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                for (int i = 0; i < 8; i++)
                {
                    var spans = Enumerable.Range(0, 5).Select(j => $"{prefix}-span-{i}-{j}").ToList();
                    Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, first.HttpUrl, "traces", Spans(spans))).StatusCode);
                    acknowledged.AddRange(spans.Select(s => "span:" + s));
                    if (i % 3 == 1)
                    {
                        var logs = Enumerable.Range(0, 3).Select(j => $"{prefix}-log-{i}-{j}").ToList();
                        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, first.HttpUrl, "logs", Logs(logs))).StatusCode);
                        acknowledged.AddRange(logs.Select(l => "log:" + l));
                    }
                }

                Assert.Equal(0, await first.TerminateAsync());
                Assert.Contains("will be sent after the next start", first.Output);
            }

            // 2. The queue holds one record per request, in order; damage one of them.
            var queue = DurableConfig.QueueDirectory(storage, "otlp");
            var records = QueueOnDisk.AllRecords(queue);
            Assert.Equal(acknowledged, records.SelectMany(r => r.Keys));
            var damaged = damage(records);
            var lost = damaged.Keys;
            var intact = acknowledged.Except(lost, StringComparer.Ordinal).ToList();
            output.WriteLine($"{records.Count} records ({acknowledged.Count} items) on disk; damaged record {damaged.Sequence} at {Path.GetFileName(damaged.Segment)}:{damaged.Offset} holding {lost.Count} items");

            // 3. Restart with the downstream up: the collector starts, says once what it skipped, and delivers the rest.
            var counting = new CountingExporterFactory();
            await using var downstream = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);
            using (var second = await CollectorUnderTest.StartAsync(directory, config))
            {
                var missing = await Arrivals.WaitForAllAsync(counting.Instance, intact);
                Assert.True(missing.Count == 0, Arrivals.Describe(intact, missing, counting.Instance));
                await second.WaitForSentAsync("otlp", intact.Count);

                var errors = second.ErrorLines;
                output.WriteLine(string.Join("\n", errors));
                var error = Assert.Single(errors);
                Assert.Contains("opened with damage", error);
                Assert.Contains(expectedSkipText, error);
                Assert.Contains(queue, error);
                Assert.Contains($"Recovered {records.Count - 1} requests ({intact.Count} items) from the persistent queue", second.Output);

                // The damaged record's items are the only ones missing; nothing else turned up.
                Assert.Equal(
                    intact.Order(StringComparer.Ordinal),
                    counting.Instance.Arrivals.Keys.Order(StringComparer.Ordinal));
                var duplicates = Arrivals.Duplicates(counting.Instance);
                output.WriteLine($"{intact.Count} intact items arrived; {duplicates.Count} duplicated {string.Join(", ", duplicates)}");

                Assert.Equal(0, await second.TerminateAsync());
            }

            // 4. Never a loop of the same report: the next start finds nothing damaged and nothing left to send.
            using (var third = await CollectorUnderTest.StartAsync(directory, config))
            {
                Assert.Contains("opened: 0 requests recovered", third.Output);
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
