using System.IO.Compression;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Receiver.Tests.TestSupport;
using Xunit.Abstractions;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// Compressed bodies that are bombs, truncated, corrupt or oddly framed, against a receiver with small limits
/// (1 MiB on both protocols): each is refused cleanly and cheaply, or accepted exactly when it is a valid stream.
/// </summary>
public sealed class CompressionCorpusTests(ITestOutputHelper output)
{
    private const long Limit = 1024 * 1024;
    private const string HttpLimit = "max_request_body_size: 1048576";
    private const string GrpcLimit = "max_recv_msg_size_mib: 1";

    [Fact]
    public async Task Decompression_bombs_are_refused_at_the_limit_on_both_protocols()
    {
        var gzipBomb = CorpusPayloads.GzipBomb1GiB;
        var zlibBomb = CorpusPayloads.ZeroBomb(256L << 20, s => new ZLibStream(s, CompressionLevel.Optimal));
        var deflateBomb = CorpusPayloads.ZeroBomb(256L << 20, s => new DeflateStream(s, CompressionLevel.Optimal));

        // A valid request 16 times the limit: a bomb that would decode fine if it were allowed to.
        var bigValid = Payloads.Gzip(Wire.TracesWithSpanContent(Wire.Field(3, Enumerable.Repeat((byte)'a', 16 * (int)Limit).ToArray())));
        var justUnder = Payloads.Gzip(new byte[Limit - 1]);
        var nested = Payloads.Gzip(gzipBomb);

        var corpus = new List<CorpusRequest>();
        foreach (var transport in new[] { Transport.Http1, Transport.Http2 })
        {
            corpus.Add(Http("1 GiB of zeros, gzip", gzipBomb, "gzip", transport, Expectation.Reject("1 GiB after decompression")));
            corpus.Add(Http("1 GiB of zeros, gzip, as x-gzip", gzipBomb, "x-gzip", transport, Expectation.Reject("x-gzip is not an accepted encoding")));
            corpus.Add(Http("256 MiB of zeros, zlib, as deflate", zlibBomb, "deflate", transport, Expectation.Reject("256 MiB after decompression")));
            corpus.Add(Http("256 MiB of zeros, zlib, as zlib", zlibBomb, "zlib", transport, Expectation.Reject("256 MiB after decompression")));
            corpus.Add(Http("256 MiB of zeros, raw deflate", deflateBomb, "deflate", transport, Expectation.Reject("256 MiB after decompression")));
            corpus.Add(Http("a valid 16 MiB request, gzip", bigValid, "gzip", transport, Expectation.Reject("16 MiB after decompression")));
            corpus.Add(Http("1 MiB - 1 of zeros, gzip", justUnder, "gzip", transport, RequestOracle.ForHttp(Signal.Traces, justUnder, json: false, "gzip", Limit)));
            corpus.Add(Http("the gzip bomb gzipped again", nested, "gzip", transport, RequestOracle.ForHttp(Signal.Traces, nested, json: false, "gzip", Limit)));
            corpus.Add(Http("the gzip bomb gzipped again, as gzip, gzip", nested, "gzip, gzip", transport, Expectation.Reject("stacked encodings are not accepted")));
            corpus.Add(Http("the gzip bomb as JSON", gzipBomb, "gzip", transport, Expectation.Reject("1 GiB after decompression"), json: true));
            corpus.Add(Http("the gzip bomb without Content-Encoding", gzipBomb, null, transport, RequestOracle.ForHttp(Signal.Traces, gzipBomb, json: false, null, Limit)));
        }

        corpus.Add(Grpc("1 GiB of zeros, gzip", CorpusRequest.Frame(gzipBomb, flag: 1), "gzip", Expectation.Reject("1 GiB after decompression")));
        corpus.Add(Grpc("a valid 16 MiB request, gzip", CorpusRequest.Frame(bigValid, flag: 1), "gzip", Expectation.Reject("16 MiB after decompression")));
        corpus.Add(Grpc("1 MiB - 1 of zeros, gzip", CorpusRequest.Frame(justUnder, flag: 1), "gzip", RequestOracle.ForGrpc(Signal.Traces, CorpusRequest.Frame(justUnder, flag: 1), "gzip", Limit)));
        corpus.Add(Grpc("the gzip bomb gzipped again", CorpusRequest.Frame(nested, flag: 1), "gzip", RequestOracle.ForGrpc(Signal.Traces, CorpusRequest.Frame(nested, flag: 1), "gzip", Limit)));
        corpus.Add(Grpc("the gzip bomb, flagged uncompressed", CorpusRequest.Frame(gzipBomb), "gzip", RequestOracle.ForGrpc(Signal.Traces, CorpusRequest.Frame(gzipBomb), "gzip", Limit)));
        corpus.Add(Grpc("the gzip bomb, grpc-encoding deflate", CorpusRequest.Frame(gzipBomb, flag: 1), "deflate", Expectation.Reject("deflate is not a gRPC encoding here")));
        corpus.Add(Grpc("the gzip bomb, prefix announcing 1 MiB", CorpusRequest.Frame(gzipBomb, flag: 1, declaredLength: (uint)Limit), "gzip", Expectation.Reject("the prefix lies")));

        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        await RunAsync(corpus, "decompression bombs");
        long growth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        output.WriteLine($"managed memory after the bombs: {growth / 1024 / 1024:+0;-0} MiB");
    }

    [Fact]
    public async Task Gzip_truncated_at_every_byte_offset_and_mutated_at_every_byte()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            var gzip = Payloads.Gzip(payload.Protobuf);
            // Cuts inside the 10-byte header are the subject of their own test below.
            for (int length = 10; length < gzip.Length; length++)
            {
                AddBoth(corpus, $"{payload.Name} gzip cut to {length} bytes", payload.Signal, gzip[..length]);
            }

            for (int offset = 0; offset < gzip.Length; offset++)
            {
                foreach (byte value in new[] { (byte)(gzip[offset] ^ 0x01), (byte)(gzip[offset] ^ 0x80), (byte)~gzip[offset] })
                {
                    var mutated = (byte[])gzip.Clone();
                    mutated[offset] = value;
                    AddBoth(corpus, $"{payload.Name} gzip byte {offset} {gzip[offset]:X2}->{value:X2}", payload.Signal, mutated);
                }
            }

            AddBoth(corpus, $"{payload.Name} gzip with trailing garbage", payload.Signal, [.. gzip, 1, 2, 3]);
            AddBoth(corpus, $"{payload.Name} gzip with a trailing zero", payload.Signal, [.. gzip, 0]);
        }

        Assert.Contains(corpus, r => r.Expected.Verdict == Verdict.Accept);
        await RunAsync(corpus, "gzip truncations and mutations");
    }

    /// <summary>
    /// A gzip body cut inside its header decompresses to nothing, and the trailer check (the last 8 bytes read, length
    /// field only) is fooled when those 8 bytes are the header itself: .NET writes MTIME as 0, which reads as "length
    /// 0", so the first 8 header bytes are taken for a complete, empty stream and answered 200.
    /// </summary>
    [Fact]
    public async Task A_gzip_body_cut_inside_its_header_is_refused()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            var gzip = Payloads.Gzip(payload.Protobuf);
            for (int length = 0; length < 18; length++)
            {
                AddBoth(corpus, $"{payload.Name} gzip cut to {length} bytes", payload.Signal, gzip[..length]);
            }

            // The smallest complete stream: an empty body, gzipped.
            AddBoth(corpus, "empty body, gzipped", payload.Signal, Payloads.Gzip([]));
        }

        await RunAsync(corpus, "gzip header truncations");
    }

    [Fact]
    public async Task Zlib_truncated_at_every_byte_offset_is_refused()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            var zlib = Payloads.Zlib(payload.Protobuf);
            // Cuts before the 2-byte zlib header is complete are read as raw deflate: see the raw deflate test.
            for (int length = 2; length <= zlib.Length; length++)
            {
                // Any strict prefix of a zlib stream lacks at least part of its Adler-32 trailer.
                var expected = length == zlib.Length ? Expectation.Accept(payload.Items, 0) : Expectation.Reject("a truncated zlib stream");
                corpus.Add(CorpusRequest.HttpProtobuf($"{payload.Name} zlib cut to {length} bytes", payload.Signal, zlib[..length], expected, length % 2 == 0 ? Transport.Http1 : Transport.Http2, length % 4 < 2 ? "deflate" : "zlib"));
            }
        }

        await RunAsync(corpus, "zlib truncations");
    }

    /// <summary>
    /// Raw deflate (no zlib wrapper; accepted under "deflate" for lenient clients) has no trailer, and .NET's
    /// DeflateStream ends quietly on truncated input: a body cut short is decoded as a shorter request and, whenever
    /// that prefix happens to be valid protobuf, accepted with 200. A stream that never reaches its final block is
    /// malformed and must be refused like a truncated gzip or zlib body.
    /// </summary>
    [Fact]
    public async Task Raw_deflate_truncated_at_every_byte_offset_is_refused()
    {
        var full = new ExportTraceServiceRequest();
        for (int i = 0; i < 40; i++)
        {
            full.ResourceSpans.Add(Payloads.Traces(1).ResourceSpans[0]);
        }

        var payload = CorpusPayloads.Make("40 resource spans", Signal.Traces, full);
        var deflate = Payloads.RawDeflate(payload.Protobuf);
        Assert.False((deflate[0] & 0x0F) == 8 && ((deflate[0] << 8) | deflate[1]) % 31 == 0, "the stream must not look like zlib");

        var corpus = new List<CorpusRequest>();
        for (int length = 0; length <= deflate.Length; length++)
        {
            // Whether a complete raw stream is accepted at all is a policy choice (the reference reads "deflate" as zlib only).
            var expected = length == deflate.Length ? Expectation.Either("a complete raw deflate stream") : Expectation.Reject("a raw deflate stream cut before its final block ends");
            corpus.Add(CorpusRequest.HttpProtobuf($"raw deflate cut to {length} of {deflate.Length} bytes", Signal.Traces, deflate[..length], expected, length % 2 == 0 ? Transport.Http1 : Transport.Http2, "deflate"));
        }

        // A zlib stream cut inside its 2-byte header is read as raw deflate too.
        var zlib = Payloads.Zlib(payload.Protobuf);
        corpus.Add(CorpusRequest.HttpProtobuf("zlib cut to 1 byte", Signal.Traces, zlib[..1], Expectation.Reject("a zlib stream cut inside its header"), Transport.Http1, "deflate"));
        corpus.Add(CorpusRequest.HttpProtobuf("zlib cut to 1 byte, as zlib", Signal.Traces, zlib[..1], Expectation.Reject("a zlib stream cut inside its header"), Transport.Http1, "zlib"));
        corpus.Add(CorpusRequest.HttpProtobuf("empty body, as zlib", Signal.Traces, [], Expectation.Reject("an empty zlib stream"), Transport.Http1, "zlib"));

        await RunAsync(corpus, "raw deflate truncations");
    }

    /// <summary>
    /// RFC 1952: a gzip file is a series of members, and decoders (Go's gzip.Reader, which the reference uses, and
    /// .NET's GZipStream) read them all. Two concatenated members of valid requests are one valid, merged request.
    /// </summary>
    [Fact]
    public async Task A_gzip_body_of_two_members_is_read_whole()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            byte[] twoMembers = [.. Payloads.Gzip(payload.Protobuf), .. Payloads.Gzip(payload.Protobuf)];
            var expected = Expectation.Accept(payload.Items * 2, 0);
            corpus.Add(CorpusRequest.HttpProtobuf($"{payload.Name} as two gzip members", payload.Signal, twoMembers, expected, Transport.Http1, "gzip"));
            corpus.Add(CorpusRequest.GrpcFramed($"{payload.Name} as two gzip members", payload.Signal, CorpusRequest.Frame(twoMembers, flag: 1), expected, "gzip"));
        }

        await RunAsync(corpus, "multi-member gzip");
    }

    private static void AddBoth(List<CorpusRequest> corpus, string name, Signal signal, byte[] gzip)
    {
        var transport = corpus.Count % 4 == 0 ? Transport.Http2 : Transport.Http1;
        corpus.Add(CorpusRequest.HttpProtobuf(name, signal, gzip, RequestOracle.ForHttp(signal, gzip, json: false, "gzip", Limit), transport, "gzip"));
        var framed = CorpusRequest.Frame(gzip, flag: 1);
        corpus.Add(CorpusRequest.GrpcFramed(name, signal, framed, RequestOracle.ForGrpc(signal, framed, "gzip", Limit), "gzip"));
    }

    private static CorpusRequest Http(string name, byte[] body, string? encoding, Transport transport, Expectation expected, bool json = false)
        => json
            ? CorpusRequest.HttpJson(name, Signal.Traces, body, expected, transport, encoding)
            : CorpusRequest.HttpProtobuf(name, Signal.Traces, body, expected, transport, encoding);

    private static CorpusRequest Grpc(string name, byte[] framed, string? encoding, Expectation expected)
        => CorpusRequest.GrpcFramed(name, Signal.Traces, framed, expected, encoding);

    private async Task RunAsync(List<CorpusRequest> corpus, string title)
    {
        await using var harness = await CorpusHarness.StartAsync(HttpLimit, GrpcLimit);
        await CorpusRunner.RunAsync(harness, corpus, output, title);
    }
}
