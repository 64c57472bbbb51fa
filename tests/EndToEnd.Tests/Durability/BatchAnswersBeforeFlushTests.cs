using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using Xunit.Abstractions;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// The batch processor answers a client once its data is buffered, not once the batch is sent. The OpenTelemetry .NET
/// SDK exports one batch at a time, so an answer held back until the batch timeout makes it time out or drop spans.
/// </summary>
public sealed class BatchAnswersBeforeFlushTests(ITestOutputHelper output)
{
    /// <summary>The embedded default config's shape (otlp → batch → exporter), with the counting exporter downstream.</summary>
    private static string Config(string batch) => $"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        processors:
          batch:
        {batch}
        exporters:
          counting:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [counting]
            metrics:
              receivers: [otlp]
              processors: [batch]
              exporters: [counting]
            logs:
              receivers: [otlp]
              processors: [batch]
              exporters: [counting]
        """;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task With_an_hour_long_batch_timeout_every_export_is_answered_while_nothing_was_sent_and_the_stop_delivers_it_all(OtlpExportProtocol protocol)
    {
        var counting = new CountingExporterFactory();
        var collector = await TestCollector.StartAsync(Config("""
                timeout: 1h
                send_batch_size: 100000
            """), counting);
        IReadOnlyList<string> acknowledged;
        int exports;
        try
        {
            // A request timeout well below the batch timeout: an answer that waited for the batch would fail the export.
            var sdk = new SdkClient(protocol, collector.GrpcUrl, collector.HttpUrl, batchSpans: true, timeoutMilliseconds: 5_000, maxQueueSize: 10_000, maxExportBatchSize: 50, scheduledDelayMilliseconds: 20);
            using (sdk)
            {
                for (int round = 0; round < 20 && sdk.Spans.FailedExports == 0; round++)
                {
                    for (int i = 0; i < 50; i++)
                    {
                        sdk.Span($"hour-{protocol}-{round}-{i}");
                    }

                    Assert.True(sdk.FlushSpans(), "the SDK could not flush");
                }
            }

            // Read after the SDK's shutdown, which waits for the last answer (its flush may return before it).
            exports = sdk.Spans.Exports.Count;
            acknowledged = sdk.Spans.Acknowledged;
            Assert.True(sdk.Spans.FailedExports == 0, $"{sdk.Spans.FailedExports} of {exports} exports failed");

            output.WriteLine($"{exports} exports answered, {acknowledged.Count} spans acknowledged, {counting.Instance.Total} arrived downstream before the stop");
            Assert.Equal(1000, acknowledged.Count);
            Assert.True(exports >= 20, $"{exports} exports: the SDK should have exported continuously");

            // Every answer came while the batch still held everything.
            Assert.Equal(0, counting.Instance.Total);
        }
        finally
        {
            // The stop flushes the batch processor.
            await collector.DisposeAsync();
        }

        Forwarding.Forwarding.AssertEachArrivedOnce(counting.Instance, acknowledged, [], []);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task With_the_default_batch_settings_an_sdk_exporting_steadily_drops_nothing_and_everything_arrives(OtlpExportProtocol protocol)
    {
        var counting = new CountingExporterFactory();
        await using var collector = await TestCollector.StartAsync(Config(string.Empty), counting);
        const int Rounds = 60;
        const int PerRound = 50;

        // The SDK's own defaults (queue 2048, batches of 512, one export at a time), spans ending steadily.
        int answeredFirst = 0;
        var sdk = new SdkClient(protocol, collector.GrpcUrl, collector.HttpUrl, batchSpans: true, maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMilliseconds: 5000);
        using (sdk)
        {
            // Connections and code paths warmed up first, so a cold start does not count against the steady part.
            sdk.Span($"steady-{protocol}-warm-up");
            Assert.True(sdk.FlushSpans(), "the SDK could not flush");

            // Answers that waited for the batch to be sent would come after their spans reached the downstream.
            sdk.Spans.Answered = (names, _) =>
            {
                if (!names.Any(n => counting.Instance.Arrivals.ContainsKey("span:" + n)))
                {
                    Interlocked.Increment(ref answeredFirst);
                }
            };

            for (int round = 0; round < Rounds; round++)
            {
                for (int i = 0; i < PerRound; i++)
                {
                    sdk.Span($"steady-{protocol}-{round}-{i}");
                }

                Thread.Sleep(20);
            }

            Assert.True(sdk.FlushSpans(), "the SDK could not flush");
        }

        // Read after the SDK's shutdown, which waits for the last answer (its flush may return before it).
        var exports = sdk.Spans.Exports;
        var succeeded = exports.Where(e => e.Result == ExportResult.Success).ToList();
        int generated = (Rounds * PerRound) + 1;
        int acknowledged = succeeded.Sum(e => e.Names.Length);
        output.WriteLine($"{exports.Count} exports, {succeeded.Count} succeeded, {answeredFirst} answered before any of their spans reached the downstream; {acknowledged} of {generated} spans acknowledged");
        Assert.True(exports.Count >= 3, $"{exports.Count} exports");
        Assert.Equal(exports.Count, succeeded.Count);
        Assert.True(acknowledged == generated, $"the SDK exported {acknowledged} of {generated} spans: it dropped {generated - acknowledged}");
        Assert.True(answeredFirst > 0, "every export was answered only after its spans had been sent on: the answer waited for the batch");

        var names = succeeded.SelectMany(e => e.Names).ToList();
        await counting.Instance.WaitForAsync("span:", names.Count, TimeSpan.FromSeconds(20));
        Forwarding.Forwarding.AssertEachArrivedOnce(counting.Instance, names, [], []);
    }
}
