using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Extensions.FileStorage;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// An OTLP/HTTP exporter whose sending_queue lives in a real <c>file_storage</c> extension: what was answered is on
/// disk, a new exporter on the same directory sends it, queue_size bounds it, and a full disk is a retryable
/// refusal.
/// </summary>
public sealed class OtlpPersistentQueueTests : IDisposable
{
    private static readonly ComponentId StorageId = new("file_storage", string.Empty);
    private readonly string _dir = Directory.CreateTempSubdirectory("minicollector-pq-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string Yaml(string endpoint, string extra = "  num_consumers: 2") => $"""
        endpoint: {endpoint}
        compression: none
        sending_queue:
          storage: file_storage
        {extra}
        retry_on_failure:
          initial_interval: 20ms
          max_interval: 50ms
          max_elapsed_time: 0
        """;

    private static async Task<FileStorageExtension> StorageAsync(string directory)
    {
        var extension = new FileStorageExtension(
            new ComponentContext(StorageId, ComponentKind.Extension, NullLoggerFactory.Instance),
            new FileStorageOptions { Directory = directory, CreateDirectory = true });
        await extension.StartAsync(CancellationToken.None);
        return extension;
    }

    private static Dictionary<ComponentId, IComponent> With(FileStorageExtension storage) => new() { [StorageId] = storage };

    private static List<string> SpanNames(FakeDownstream fake)
        => [.. fake.Calls.Where(c => c.Body.Length > 0).SelectMany(c => ExportTraceServiceRequest.Parser.ParseFrom(c.Body).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name))];

    [Fact]
    public async Task What_was_answered_is_sent_by_the_next_exporter_on_the_same_directory()
    {
        // First life: the downstream refuses everything (503), so nothing leaves the queue.
        await using (var refusing = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 503, "down")))
        {
            var storage = await StorageAsync(_dir);
            var exporter = await ExporterUnderTest.HttpAsync(Yaml(refusing.BaseUrl), extensions: With(storage));
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(3, $"r{i}")));
            }

            Assert.True(exporter.Exporter.Queue.StorageBytes > 5 * OtlpRequests.Traces(3, "r0").ByteLength, "the five requests are on disk");
            Assert.Equal(exporter.Exporter.Queue.StorageBytes, MeterSnapshot.Take(exporter.Meter.Owns).Value("otelcol_exporter_queue_storage_bytes", "exporter=otlphttp"));
            await refusing.WaitForAttemptsAsync(2);
            await exporter.DisposeAsync();
            await storage.ShutdownAsync(CancellationToken.None);
            Assert.Equal(0, exporter.Counters.SentItems);
            Assert.Equal(0, exporter.Counters.SendFailedItems);
            Assert.Contains("stay in the persistent queue", exporter.Logs.Text);
        }

        // Second life: a working downstream gets every span, and the queue's files shrink back.
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
        var again = await StorageAsync(_dir);
        await using (var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl), extensions: With(again)))
        {
            await ExporterUnderTest.WaitUntilAsync(() => exporter.Counters.SentItems >= 15, "every stored span was sent");
            Assert.Contains("Recovered 5 requests (15 items)", exporter.Logs.Text);
            var names = SpanNames(fake);
            Assert.Equal([.. Enumerable.Range(0, 5).SelectMany(i => Enumerable.Range(0, 3).Select(j => $"r{i}-{j}"))], names.Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(15, names.Count);
        }

        await again.ShutdownAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_persistent_queue_counts_waiting_requests_and_refuses_past_queue_size()
    {
        await using var refusing = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 503, "down"));
        var storage = await StorageAsync(_dir);
        await using (var exporter = await ExporterUnderTest.HttpAsync(Yaml(refusing.BaseUrl, "  queue_size: 3\n  num_consumers: 1"), extensions: With(storage)))
        {
            // One request is being retried by the single consumer; three wait; the fifth does not fit. The first is
            // taken off the queue before the others arrive (on a loaded machine the consumer can start late, and
            // then the fourth would not fit).
            Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, "q0")));
            await refusing.WaitForAttemptsAsync(1);
            for (int i = 1; i < 4; i++)
            {
                Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(2, $"q{i}")));
            }

            await ExporterUnderTest.WaitUntilAsync(() => exporter.Exporter.Queue.QueueSize == 3, "three requests wait");
            var refused = await exporter.ConsumeAsync(OtlpRequests.Traces(2, "q4"));
            Assert.Equal(ConsumeOutcome.Refused, refused.Outcome);
            Assert.Equal(2, exporter.Counters.EnqueueFailedItems);
        }

        await storage.ShutdownAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_full_disk_refuses_with_a_retryable_answer_and_nothing_answered_is_lost()
    {
        // A real full disk: a 256 KiB tmpfs (the tests run as root, as CI does).
        var mount = Path.Combine(_dir, "tiny");
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount);
        try
        {
            var accepted = new List<string>();
            await using (var refusing = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpStatus(c, 503, "down")))
            {
                var storage = await StorageAsync(mount);
                await using (var exporter = await ExporterUnderTest.HttpAsync(Yaml(refusing.BaseUrl, "  queue_size: 100000"), extensions: With(storage)))
                {
                    ConsumeResult last = default;
                    for (int i = 0; i < 400 && last.Outcome != ConsumeOutcome.Refused; i++)
                    {
                        last = await exporter.ConsumeAsync(OtlpRequests.Traces(20, $"d{i}"));
                        if (last.IsAccepted)
                        {
                            accepted.AddRange(Enumerable.Range(0, 20).Select(j => $"d{i}-{j}"));
                        }
                    }

                    Assert.Equal(ConsumeOutcome.Refused, last.Outcome);
                    Assert.Contains("cannot be written", last.Message, StringComparison.Ordinal);
                    Assert.NotNull(last.RetryAfter);
                    Assert.NotEmpty(accepted);
                }

                await storage.ShutdownAsync(CancellationToken.None);
            }

            await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
            var again = await StorageAsync(mount);
            await using (var exporter = await ExporterUnderTest.HttpAsync(Yaml(fake.BaseUrl), extensions: With(again)))
            {
                await ExporterUnderTest.WaitUntilAsync(() => exporter.Counters.SentItems >= accepted.Count, "every accepted span was sent after the restart");
                var arrived = SpanNames(fake).ToHashSet(StringComparer.Ordinal);
                var missing = accepted.Where(a => !arrived.Contains(a)).ToList();
                Assert.True(missing.Count == 0, $"{missing.Count} of {accepted.Count} accepted spans did not arrive, e.g. {string.Join(", ", missing.Take(5))}");
            }

            await again.ShutdownAsync(CancellationToken.None);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
    }
}
