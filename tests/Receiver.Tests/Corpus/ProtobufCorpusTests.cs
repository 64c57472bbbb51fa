using Google.Protobuf.Reflection;
using MiniCollector.Pipeline.Signals;
using Xunit.Abstractions;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// Malformed protobuf, generated from valid requests, sent to both receivers: every answer is what Google.Protobuf
/// (our oracle) says it must be — accepted with exact partial-success counts, or a 4xx / non-OK gRPC status with
/// nothing passed on — never a 5xx, a reset or a hang; and valid traffic is still served afterwards.
/// </summary>
public sealed class ProtobufCorpusTests(ITestOutputHelper output)
{
    private const long Limit = 4 * 1024 * 1024;
    private const string HttpLimit = "max_request_body_size: 4194304";
    private const string GrpcLimit = "max_recv_msg_size_mib: 4";

    [Fact]
    public async Task Truncations_of_small_requests_at_every_byte_offset()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            for (int length = 0; length < payload.Protobuf.Length; length++)
            {
                AddBoth(corpus, $"{payload.Name} cut to {length} bytes", payload.Signal, payload.Protobuf[..length]);
            }
        }

        await RunAsync(corpus, "truncations");
    }

    [Fact]
    public async Task Single_byte_mutations_at_every_byte_offset()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            var bytes = payload.Protobuf;
            for (int offset = 0; offset < bytes.Length; offset++)
            {
                foreach (byte value in new[] { (byte)~bytes[offset], (byte)0x00, (byte)0xFF, (byte)0x80, (byte)(bytes[offset] + 1) }.Distinct())
                {
                    if (value == bytes[offset])
                    {
                        continue;
                    }

                    var mutated = (byte[])bytes.Clone();
                    mutated[offset] = value;
                    AddBoth(corpus, $"{payload.Name} byte {offset} {bytes[offset]:X2}->{value:X2}", payload.Signal, mutated);
                }
            }
        }

        await RunAsync(corpus, "single-byte mutations");
    }

    [Fact]
    public async Task Every_tag_with_every_other_wire_type_and_hostile_field_numbers()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Rich))
        {
            var bytes = payload.Protobuf;
            var fields = Wire.Walk(bytes, JsonOracle.Descriptor(payload.Signal));
            foreach (var field in fields)
            {
                int number = field.Field?.FieldNumber ?? 0;
                for (int wireType = 0; wireType < 8; wireType++)
                {
                    if (wireType != field.WireType)
                    {
                        corpus.Add(Request(payload, field, Splice(bytes, field.TagOffset, field.TagLength, Wire.Tag(number, wireType)), $"wire type {field.WireType}->{wireType}", corpus.Count));
                    }
                }

                // Field 0 is invalid; 19000-19999 are reserved; 2^29-1 is the largest; all as the same wire type.
                foreach (int hostile in new[] { 0, 19000, 536_870_911 })
                {
                    corpus.Add(Request(payload, field, Splice(bytes, field.TagOffset, field.TagLength, Wire.Tag(hostile, field.WireType)), $"field number {number}->{hostile}", corpus.Count));
                }
            }
        }

        await RunAsync(corpus, "wire types and field numbers");
    }

    [Fact]
    public async Task Huge_negative_overlong_and_lying_lengths()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.SelectMany(s => new[] { CorpusPayloads.Small(s), CorpusPayloads.Rich(s) }))
        {
            var bytes = payload.Protobuf;
            foreach (var field in Wire.Walk(bytes, JsonOracle.Descriptor(payload.Signal)).Where(f => f.WireType == 2))
            {
                ulong length = (ulong)field.ValueLength;
                var encodings = new List<(string Name, byte[] Varint)>
                {
                    ("0", Wire.Varint(0)),
                    ("length-1", Wire.Varint(length - (length > 0 ? 1UL : 0UL))),
                    ("length+1", Wire.Varint(length + 1)),
                    ("2^31", Wire.Varint(1UL << 31)),
                    ("2^32-1", Wire.Varint(uint.MaxValue)),
                    ("2^32+length", Wire.Varint((1UL << 32) + length)),
                    ("2^63", Wire.Varint(1UL << 63)),
                    ("-1 (10-byte varint)", Wire.Varint(ulong.MaxValue)),
                    ("-length", Wire.Varint(unchecked((ulong)-(long)length))),
                    ("length, overlong 10-byte encoding", Overlong(length, 10)),
                    ("length, 11-byte varint", Overlong(length, 11)),
                    ("unterminated varint", [0xFF, 0xFF, 0xFF]),
                };
                foreach (var (name, varint) in encodings)
                {
                    corpus.Add(Request(payload, field, Splice(bytes, field.LengthOffset, field.LengthLength, varint), $"length {length}->{name}", corpus.Count));
                }
            }
        }

        await RunAsync(corpus, "hostile lengths");
    }

    /// <summary>
    /// A nested message whose length is close to 2^31 (0x7FFFFFFF) overflows Google.Protobuf's limit arithmetic:
    /// 3.25.1 then throws IndexOutOfRangeException, not InvalidProtocolBufferException, which SignalKind.Decode does
    /// not catch, so the handlers answer 500 (HTTP) or fail the stream with HTTP 500 and no grpc-status (gRPC).
    /// </summary>
    [Fact]
    public async Task A_nested_length_near_2_pow_31_is_refused_as_malformed_not_a_500()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            var bytes = payload.Protobuf;
            foreach (var field in Wire.Walk(bytes, JsonOracle.Descriptor(payload.Signal)).Where(f => f.WireType == 2))
            {
                foreach (ulong length in new ulong[] { int.MaxValue, int.MaxValue - 1, int.MaxValue - (ulong)field.ValueOffset })
                {
                    var mutated = Splice(bytes, field.LengthOffset, field.LengthLength, Wire.Varint(length));
                    AddBoth(corpus, $"{payload.Name} {field.Field?.FullName} @{field.TagOffset}: length {field.ValueLength}->{length}", payload.Signal, mutated);
                }
            }
        }

        Assert.All(corpus, r => Assert.Equal(Verdict.Reject, r.Expected.Verdict));
        await RunAsync(corpus, "lengths near 2^31");
    }

    [Fact]
    public async Task Deeply_nested_any_values_are_rejected_cleanly_past_the_recursion_limit()
    {
        var corpus = new List<CorpusRequest>();
        int[] depths = [1, 10, 29, 30, 31, 32, 33, 44, 45, 46, 47, 48, 49, 50, 60, 95, 96, 97, 98, 99, 100, 101, 200, 1000, 10_000, 100_000];
        foreach (int depth in depths)
        {
            foreach (bool kvlist in new[] { true, false })
            {
                var value = Wire.NestedAnyValue(depth, kvlist);
                byte[] attribute = Wire.Field(9, [.. Wire.Field(1, "deep"), .. Wire.Field(2, value)]);
                string shape = kvlist ? "kvlist" : "array";
                AddBoth(corpus, $"span attribute {shape} {depth} deep", Signal.Traces, Wire.TracesWithSpanContent(attribute));
                AddBoth(corpus, $"log body {shape} {depth} deep", Signal.Logs, Wire.LogsWithRecordContent(Wire.Field(5, value)));
                AddBoth(corpus, $"data point attribute {shape} {depth} deep", Signal.Metrics, Wire.MetricsWithPointContent([.. Wire.Field(7, [.. Wire.Field(1, "deep"), .. Wire.Field(2, value)]), 0x21, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F]));
            }
        }

        Assert.Contains(corpus, r => r.Expected.Verdict == Verdict.Accept);
        Assert.Contains(corpus, r => r.Expected.Verdict == Verdict.Reject);
        await RunAsync(corpus, "deep nesting");
    }

    [Fact]
    public async Task Invalid_utf8_in_every_string_field()
    {
        byte[][] invalid = [[0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [(byte)'o', 0xFE, (byte)'k']];
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Rich))
        {
            var bytes = payload.Protobuf;
            foreach (var field in Wire.Walk(bytes, JsonOracle.Descriptor(payload.Signal)).Where(f => f.Field?.FieldType == FieldType.String && f.ValueLength > 0))
            {
                foreach (var sequence in invalid)
                {
                    // Overwritten in place, so every enclosing length stays right.
                    var mutated = (byte[])bytes.Clone();
                    for (int i = 0; i < field.ValueLength; i++)
                    {
                        mutated[field.ValueOffset + i] = i < sequence.Length ? sequence[i] : (byte)'x';
                    }

                    corpus.Add(Request(payload, field, mutated, $"invalid UTF-8 {Convert.ToHexString(sequence)}", corpus.Count));
                }
            }
        }

        await RunAsync(corpus, "invalid UTF-8 in strings");
    }

    internal static void AddBoth(List<CorpusRequest> corpus, string name, Signal signal, byte[] message, long limit = Limit)
    {
        corpus.Add(CorpusRequest.HttpProtobuf(name, signal, message, RequestOracle.ForHttp(signal, message, json: false, null, limit), corpus.Count % 2 == 0 ? Transport.Http1 : Transport.Http2));
        var framed = CorpusRequest.Frame(message);
        corpus.Add(CorpusRequest.GrpcFramed(name, signal, framed, RequestOracle.ForGrpc(signal, framed, null, limit)));
    }

    // One request per generated case, alternating between the receivers (the cases are many and similar).
    private static CorpusRequest Request(ValidPayload payload, Wire.FieldSpan field, byte[] mutated, string what, int index)
    {
        string name = $"{payload.Name} {field.Field?.FullName ?? "unknown field"} @{field.TagOffset}: {what}";
        return (index % 3) switch
        {
            0 => CorpusRequest.HttpProtobuf(name, payload.Signal, mutated, RequestOracle.ForHttp(payload.Signal, mutated, json: false, null, Limit), Transport.Http1),
            1 => CorpusRequest.HttpProtobuf(name, payload.Signal, mutated, RequestOracle.ForHttp(payload.Signal, mutated, json: false, null, Limit), Transport.Http2),
            _ => CorpusRequest.GrpcFramed(name, payload.Signal, CorpusRequest.Frame(mutated), RequestOracle.ForGrpc(payload.Signal, CorpusRequest.Frame(mutated), null, Limit)),
        };
    }

    private static byte[] Splice(byte[] bytes, int offset, int length, byte[] replacement)
        => [.. bytes.AsSpan(0, offset), .. replacement, .. bytes.AsSpan(offset + length)];

    // A varint padded with continuation bytes to the given size: valid up to 10 bytes, malformed beyond.
    private static byte[] Overlong(ulong value, int size)
    {
        var bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i < 10 ? (value >> (7 * i)) & 0x7F : 0) | (i < size - 1 ? 0x80UL : 0));
        }

        return bytes;
    }

    private async Task RunAsync(List<CorpusRequest> corpus, string title)
    {
        await using var harness = await CorpusHarness.StartAsync(HttpLimit, GrpcLimit);
        await CorpusRunner.RunAsync(harness, corpus, output, title);
    }
}
