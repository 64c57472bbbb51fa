using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Receiver.Tests.Corpus;

// Serial: it measures the managed memory of the whole process.
public sealed partial class SerialCorpusTests
{
    [Fact]
    [RunOrder(1)]
    public async Task Huge_repeated_fields_are_answered_without_holding_on_to_memory()
    {
        const int Million = 1_000_000;
        const int Many = 200_000;
        var cases = new (string Name, Signal Signal, byte[] Message)[]
        {
            ("1M empty attributes in one span", Signal.Traces, Wire.TracesWithSpanContent(Times([0x4A, 0x00], Million))),
            ("200k empty events in one span", Signal.Traces, Wire.TracesWithSpanContent(Times([0x5A, 0x00], Many))),
            ("200k empty links in one span", Signal.Traces, Wire.TracesWithSpanContent(Times([0x6A, 0x00], Many))),
            ("200k empty spans", Signal.Traces, Wire.Field(1, Wire.Field(2, Times([0x12, 0x00], Many)))),
            ("200k empty resource spans", Signal.Traces, Times([0x0A, 0x00], Many)),
            ("200k empty log records", Signal.Logs, Wire.Field(1, Wire.Field(2, Times([0x12, 0x00], Many)))),
            ("1M empty attributes on one log record", Signal.Logs, Wire.LogsWithRecordContent(Times([0x32, 0x00], Million))),
            ("200k empty gauge data points", Signal.Metrics, Wire.Field(1, Wire.Field(2, Wire.Field(2, [.. Wire.Field(1, "m"), .. Wire.Field(5, Times([0x0A, 0x00], Many))])))),
            ("1M packed bucket counts", Signal.Metrics, Wire.Field(1, Wire.Field(2, Wire.Field(2, [.. Wire.Field(1, "h"), .. Wire.Field(9, Wire.Field(1, Wire.Field(6, Times([0x01], Million))))])))),
            ("4M unknown varint fields", Signal.Traces, Times([0x10, 0x01], 4 * Million)),
        };

        var corpus = new List<CorpusRequest>();
        foreach (var (name, signal, message) in cases)
        {
            Assert.True(message.Length <= 16 * 1024 * 1024, $"{name}: keep each payload under 16 MiB");

            // Decoded once: both protocols carry the same message, well within their limits.
            var expected = ProtobufOracle.Judge(signal, message);
            corpus.Add(CorpusRequest.HttpProtobuf(name, signal, message, expected, corpus.Count % 4 == 0 ? Transport.Http2 : Transport.Http1));
            corpus.Add(CorpusRequest.GrpcMessage(name, signal, message, expected));
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        await using (var harness = await CorpusHarness.StartAsync("max_request_body_size: 16777216", "max_recv_msg_size_mib: 16"))
        {
            await CorpusRunner.RunAsync(harness, corpus, output, "huge repeated fields");
        }

        long growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"managed memory growth after the corpus: {growth / 1024 / 1024} MiB");
        Assert.True(growth < 64L * 1024 * 1024, $"managed memory grew by {growth / 1024 / 1024} MiB and stayed");
    }

    private static byte[] Times(byte[] item, int count)
    {
        var result = new byte[item.Length * count];
        for (int i = 0; i < count; i++)
        {
            item.CopyTo(result, i * item.Length);
        }

        return result;
    }
}
