using MiniCollector.Pipeline.Signals;
using MiniCollector.Receiver.Tests.TestSupport;
using Xunit.Abstractions;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// Bad gRPC framing around valid and invalid messages: every call gets a status (OK only when the framing and the
/// message are valid), the connection keeps serving, and valid calls still succeed afterwards.
/// </summary>
public sealed class GrpcFrameCorpusTests(ITestOutputHelper output)
{
    private const long Limit = 4 * 1024 * 1024;
    private const string HealthPath = "/grpc.health.v1.Health/Check";

    [Fact]
    public async Task Compressed_flags_lying_prefixes_truncations_and_many_messages()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            var message = payload.Protobuf;
            var gzip = Payloads.Gzip(message);
            for (int flag = 2; flag <= 255; flag++)
            {
                Add(corpus, payload, $"compressed flag {flag}", CorpusRequest.Frame(message, (byte)flag));
            }

            Add(corpus, payload, "compressed flag 255 with gzip", CorpusRequest.Frame(gzip, 255), "gzip");
            for (uint declared = 0; declared < message.Length; declared++)
            {
                Add(corpus, payload, $"prefix announces {declared} of {message.Length} bytes", CorpusRequest.Frame(message, declaredLength: declared));
            }

            foreach (uint declared in new uint[] { (uint)message.Length + 1, (uint)message.Length + 2, (uint)message.Length + 100, (uint)message.Length + 1_000_000, (uint)Limit, (uint)Limit + 1, 1u << 31, uint.MaxValue })
            {
                Add(corpus, payload, $"prefix announces {declared} bytes, {message.Length} follow", CorpusRequest.Frame(message, declaredLength: declared));
                Add(corpus, payload, $"gzip, prefix announces {declared} bytes, {gzip.Length} follow", CorpusRequest.Frame(gzip, 1, declared), "gzip");
            }

            var framed = CorpusRequest.Frame(message);
            for (int length = 0; length < framed.Length; length += length < 8 ? 1 : 13)
            {
                Add(corpus, payload, $"call cut to {length} of {framed.Length} bytes", framed[..length]);
            }

            foreach (int count in new[] { 2, 3, 10, 100, 1000, 10_000 })
            {
                Add(corpus, payload, $"{count} empty messages", Repeat(CorpusRequest.Frame([]), count));
                Add(corpus, payload, $"{count} one-byte messages", Repeat(CorpusRequest.Frame([0]), count));
                Add(corpus, payload, $"{count} copies of the valid message", Repeat(framed, Math.Min(count, 1000)));
            }

            Add(corpus, payload, "valid message then one stray byte", [.. framed, 0]);
            Add(corpus, payload, "valid message then a bare prefix", [.. framed, .. CorpusRequest.Frame([])]);
            Add(corpus, payload, "an empty message", CorpusRequest.Frame([]));
            Add(corpus, payload, "an empty gzip message", CorpusRequest.Frame(Payloads.Gzip([]), 1), "gzip");

            foreach (var encoding in new string?[] { null, string.Empty, "identity", "gzip", "GZIP", "deflate", "snappy", "zstd", "gzip,identity", "br" })
            {
                Add(corpus, payload, $"gzip message, grpc-encoding \"{encoding ?? "(none)"}\"", CorpusRequest.Frame(gzip, 1), encoding);
                Add(corpus, payload, $"plain message flagged 0, grpc-encoding \"{encoding ?? "(none)"}\"", framed, encoding);
            }

            Add(corpus, payload, "plain message flagged compressed", CorpusRequest.Frame(message, 1), "gzip");
            Add(corpus, payload, "gzip message flagged uncompressed", CorpusRequest.Frame(gzip), "gzip");
        }

        await RunAsync(corpus, "gRPC framing");
    }

    [Fact]
    public async Task Health_checks_with_hostile_messages()
    {
        byte[][] messages =
        [
            [], Wire.Field(1, string.Empty), Wire.Field(1, "opentelemetry.proto.collector.trace.v1.TraceService"), Wire.Field(1, "no.such.Service"),
            [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07], [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x0A, 0x05, 0x61], [0xFF, 0xFF, 0xFF], [0x0B], [0x0C], [0x13, 0x14],
            [.. Enumerable.Repeat((byte)0x13, 1000), .. Enumerable.Repeat((byte)0x14, 1000)], Wire.Field(1, [0xFF, 0xFE]), CorpusPayloads.Small(Signal.Traces).Protobuf,
        ];
        var corpus = new List<CorpusRequest>();
        foreach (var message in messages)
        {
            var expected = HealthOracle(message);
            corpus.Add(new CorpusRequest($"health check {Convert.ToHexString(message[..Math.Min(16, message.Length)])}", Transport.Grpc, HealthPath, CorpusRequest.Frame(message), CorpusRequest.GrpcType, expected, Signal.Traces));
            corpus.Add(new CorpusRequest($"health check {Convert.ToHexString(message[..Math.Min(16, message.Length)])}, cut short", Transport.Grpc, HealthPath, CorpusRequest.Frame(message)[..^1], CorpusRequest.GrpcType, Expectation.Reject("truncated call"), Signal.Traces));
        }

        await RunAsync(corpus, "gRPC health checks");
    }

    private static Expectation HealthOracle(byte[] message)
    {
        try
        {
            var request = MiniCollector.Otlp.Health.HealthCheckRequest.Parser.ParseFrom(message);
            return request.Service is "" or "opentelemetry.proto.collector.trace.v1.TraceService" or "opentelemetry.proto.collector.metrics.v1.MetricsService" or "opentelemetry.proto.collector.logs.v1.LogsService"
                ? Expectation.AcceptUncounted("a health check")
                : Expectation.Reject("unknown service");
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            return Expectation.Reject(ex.Message);
        }
    }

    private static void Add(List<CorpusRequest> corpus, ValidPayload payload, string name, byte[] framed, string? grpcEncoding = null)
        => corpus.Add(CorpusRequest.GrpcFramed($"{payload.Name}: {name}", payload.Signal, framed, RequestOracle.ForGrpc(payload.Signal, framed, grpcEncoding, Limit), grpcEncoding));

    private static byte[] Repeat(byte[] frame, int count)
    {
        var result = new byte[frame.Length * count];
        for (int i = 0; i < count; i++)
        {
            frame.CopyTo(result, i * frame.Length);
        }

        return result;
    }

    private async Task RunAsync(List<CorpusRequest> corpus, string title)
    {
        await using var harness = await CorpusHarness.StartAsync(string.Empty, "max_recv_msg_size_mib: 4");
        await CorpusRunner.RunAsync(harness, corpus, output, title);
    }
}
