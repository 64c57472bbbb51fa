using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Receiver.Tests.Corpus;

// Run last: while the bug it shows exists, the receiver keeps a core busy with the hostile requests long after the
// test has given up on them, which must not slow the other corpus tests.
public sealed partial class SerialCorpusTests
{
    private static readonly TimeSpan CostGuard = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Items with malformed ids are dropped one by one with RepeatedField.RemoveAt, each shifting every item after
    /// it: quadratic in the items of one scope. A few MB of invalid items in front of valid ones (or a gzip of a few
    /// KB, since such bodies compress extremely well) keep a core busy for minutes. Dropping must be linear: the
    /// request is answered with its partial success within the hang guard.
    /// </summary>
    [Fact]
    [RunOrder(3)]
    public async Task Dropping_many_items_with_bad_ids_takes_linear_time()
    {
        // Traces over gRPC: 1,000,000 spans with empty ids, then 60,000 valid ones (about 3.8 MB).
        byte[] validSpan = Wire.Field(2, [.. Wire.Field(1, Enumerable.Range(1, 16).Select(b => (byte)b).ToArray()), .. Wire.Field(2, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })]);
        var traces = Wire.Field(1, Wire.Field(2, Repeat([0x12, 0x00], 1_000_000, validSpan, 60_000)));

        // Logs over HTTP: 150,000 records with a 1-byte trace id, then 500,000 valid empty ones (about 1.8 MB).
        byte[] badRecord = Wire.Field(2, Wire.Field(9, new byte[] { 0 }));
        var logs = Wire.Field(1, Wire.Field(2, Repeat(badRecord, 150_000, [0x12, 0x00], 500_000)));

        var requests = new[]
        {
            CorpusRequest.GrpcMessage("1,000,000 spans with bad ids before 60,000 valid ones", Signal.Traces, traces, ProtobufOracle.Judge(Signal.Traces, traces)),
            CorpusRequest.HttpProtobuf("150,000 log records with bad ids before 500,000 valid ones", Signal.Logs, logs, ProtobufOracle.Judge(Signal.Logs, logs)),
        };
        Assert.Equal(Expectation.Accept(60_000, 1_000_000), requests[0].Expected);
        Assert.Equal(Expectation.Accept(500_000, 150_000), requests[1].Expected);

        await using var harness = await CorpusHarness.StartAsync("max_request_body_size: 16777216", "max_recv_msg_size_mib: 16");
        var replies = await Task.WhenAll(requests.Select(r => CorpusClient.SendAsync(harness, r, CostGuard)));

        var problems = requests.Zip(replies, (r, reply) => CorpusClient.Judge(r, reply) is { } p ? $"{r.Name}: {p}" : null).OfType<string>().ToList();
        foreach (var (request, reply) in requests.Zip(replies))
        {
            output.WriteLine($"{request.Name}: {reply.Tally(request.Transport)} {reply.Error}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static byte[] Repeat(byte[] first, int firstCount, byte[] second, int secondCount)
    {
        var result = new byte[(first.Length * firstCount) + (second.Length * secondCount)];
        for (int i = 0; i < firstCount; i++)
        {
            first.CopyTo(result, i * first.Length);
        }

        for (int i = 0; i < secondCount; i++)
        {
            second.CopyTo(result, (first.Length * firstCount) + (i * second.Length));
        }

        return result;
    }
}
